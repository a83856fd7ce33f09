using Mash.Load;
using Xunit;

namespace Mash.Load.Tests;

public class ProcCpuTests
{
    [Fact]
    public void Process_time_is_utime_plus_stime_counted_from_the_last_parenthesis()
    {
        // A command name with a space and a parenthesis of its own must not shift the fields.
        const string stat = "4242 (dotnet (x) y) S 1 4242 4242 0 -1 4194304 101 0 0 0 731 269 0 0 20 0 24 0 145161 3133440 416";
        Assert.Equal(731 + 269, ProcCpu.TicksOfProcess(stat));
    }

    [Fact]
    public void Machine_busy_time_leaves_out_idle_and_iowait_and_the_guest_columns()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        const string cpu = "cpu  1000 10 500 9000 300 0 40 5 200 7";
        Assert.Equal(1000 + 10 + 500 + 0 + 40 + 5, ProcCpu.TicksBusy(cpu));
    }

    [Fact]
    public void This_process_and_the_machine_have_used_cpu()
    {
        // The test host has loaded and compiled this very test: well over one 10 ms tick.
        Assert.True(ProcCpu.ProcessMs(Environment.ProcessId) > 0);
        Assert.True(ProcCpu.MachineBusyMs() >= ProcCpu.ProcessMs(Environment.ProcessId));
        Assert.Null(ProcCpu.ProcessMs(-1));
    }
}
