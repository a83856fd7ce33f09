using System.Diagnostics;
using System.Reflection;
using System.Text;
using Mash.Testing;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// The console running as a real process from its build output, as deploy/mash would run it, ready
/// once /healthz answers. Its output is kept for failure messages.
/// </summary>
public sealed class ConsoleProcess(IDictionary<string, string> environment) : IAsyncDisposable
{
    readonly StringBuilder _output = new();
    readonly TestPort _port = TestPort.Reserve();
    Process? _process;

    public int Port => _port.Number;

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public string Output { get { lock (_output) return _output.ToString(); } }

    public async Task StartAsync()
    {
        var dll = ConsoleAssembly();
        var info = new ProcessStartInfo("dotnet", [dll])
        {
            // The content root (wwwroot) is the build output, as deploy/mash runs services from their copy.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Mash__HttpPort"] = Port.ToString();
        info.Environment["Auth__SigningKey"] = TestIdentity.SigningKey;
        foreach (var (key, value) in environment) info.Environment[key] = value;
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the console");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The console exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync(new Uri(Address, "/healthz"))).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The console did not answer /healthz in time:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _port.Dispose();
    }

    static string ConsoleAssembly()
    {
        var configuration = typeof(ConsoleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(ServiceProcess.RepositoryRoot(), "services", "Console", "bin", configuration, "net10.0", "Mash.Console.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the console first (dotnet build Mash.sln -c {configuration})", path);
    }
}
