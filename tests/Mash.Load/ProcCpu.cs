using System.Globalization;
using System.Runtime.InteropServices;

namespace Mash.Load;

/// <summary>
/// CPU time from Linux's /proc: a process's user + system time (/proc/PID/stat), and the whole
/// machine's busy time (/proc/stat). Both count in clock ticks (USER_HZ, 100 a second on Linux):
/// a figure is exact to 10 ms, plenty over a phase's thousands of milliseconds.
/// </summary>
public static class ProcCpu
{
    /// <summary>Milliseconds of CPU a process has used so far (user + system); null when it is gone or /proc is not there.</summary>
    public static double? ProcessMs(int pid)
    {
        try { return TicksOfProcess(File.ReadAllText($"/proc/{pid}/stat")) * MsPerTick; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>Milliseconds of CPU every core of the machine spent busy so far (not idle, not waiting on I/O); null without /proc.</summary>
    public static double? MachineBusyMs()
    {
        try { return TicksBusy(File.ReadLines("/proc/stat").First()) * MsPerTick; }
        catch (IOException) { return null; }
    }

    /// <summary>
    /// utime + stime of a /proc/PID/stat line. The command name (field 2) is in parentheses and may
    /// hold spaces and parentheses itself, so fields are counted from the last ')': utime and stime
    /// are fields 14 and 15 of the line, the 12th and 13th after it.
    /// </summary>
    public static long TicksOfProcess(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Busy ticks of /proc/stat's first ("cpu") line: every column but idle (4th) and iowait (5th).
    /// guest and guest_nice (9th, 10th) are already inside user and nice, so they are left out.
    /// </summary>
    public static long TicksBusy(string cpuLine)
    {
        var columns = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        return columns.Sum() - columns[3] - columns[4];
    }

    static readonly double MsPerTick = 1000.0 / TicksPerSecond();

    // sysconf(_SC_CLK_TCK): _SC_CLK_TCK is 2 in glibc and musl.
    [DllImport("libc", EntryPoint = "sysconf")]
    static extern long SysConf(int name);

    static long TicksPerSecond()
    {
        try { return SysConf(2) is > 0 and var ticks ? ticks : 100; }
        catch (DllNotFoundException) { return 100; }
        catch (EntryPointNotFoundException) { return 100; }
    }
}
