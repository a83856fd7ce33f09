using System.Diagnostics;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.ServiceDefaults;

namespace Mash.Testing;

/// <summary>
/// A Mash service running as a real process from its build output, as deploy/mash runs it, so
/// tests can kill it (-9) and start it again. Its console output is kept for failure messages.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly string _name;
    readonly IDictionary<string, string> _environment;
    readonly StringBuilder _output = new();
    readonly TestPort _port = TestPort.Reserve();
    readonly TestPort _httpPort = TestPort.Reserve();
    Process? _process;

    /// <summary>Processes replaced by a restart: disposed with this object, never while a reader may hold one.</summary>
    readonly List<Process> _retired = [];
    bool _killed;

    /// <param name="tlsAuthority">When the service serves TLS (Mash__Tls__*): the CA that signed its
    /// certificate, the only one <see cref="Channel"/> then trusts.</param>
    public ServiceProcess(string name, IDictionary<string, string> environment, X509Certificate2? tlsAuthority = null)
    {
        _name = name;
        _environment = environment;
        Channel = tlsAuthority is null
            ? GrpcChannel.ForAddress($"http://127.0.0.1:{Port}")
            : GrpcChannel.ForAddress($"https://localhost:{Port}", new GrpcChannelOptions { HttpHandler = TrustOnly(tlsAuthority) });
    }

    /// <summary>A handler that accepts a server certificate only when it chains to <paramref name="authority"/>.</summary>
    public static SocketsHttpHandler TrustOnly(X509Certificate2 authority) => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = CertificateAuthority.TrustOnly(authority) },
    };

    /// <summary>The same across restarts, so callers' channels and other services' settings stay right.</summary>
    public int Port => _port.Number;

    /// <summary>
    /// The REST door's plaintext HTTP/1.1 port (Mash:HttpPort) of a service that has one: reserved
    /// like <see cref="Port"/>, since the default (the gRPC port + 10) may be another test's port.
    /// </summary>
    public int HttpPort => _httpPort.Number;

    public GrpcChannel Channel { get; }

    /// <summary>Calls as <paramref name="role"/> of <paramref name="agency"/> in <paramref name="authority"/>.</summary>
    public CallInvoker As(Mash.Contracts.Common.V1.Role role, string agency = "", string authority = TestIdentity.Authority) =>
        Channel.WithBearerToken(TestIdentity.Token(role, agency, authority));

    public string Output { get { lock (_output) return _output.ToString(); } }

    public override string ToString() => _name;

    /// <summary>The exit code when the process has ended by itself, not by <see cref="KillAsync"/>; null while it runs.</summary>
    public int? ExitedByItself => _process is { HasExited: true } p && !Volatile.Read(ref _killed) ? p.ExitCode : null;

    /// <summary>Starts the process and waits until the standard gRPC health check says SERVING.</summary>
    public async Task StartAsync(IDictionary<string, string>? overrides = null, TimeSpan? timeout = null)
    {
        Launch(overrides);
        var health = new Health.HealthClient(Channel);
        // Generous: a loaded 2-core CI machine can take minutes to start five processes (this is a wait, not a timing).
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode}:\n{Output}");
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving) return;
            }
            catch (Grpc.Core.RpcException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{_name} did not report SERVING in time:\n{Output}");
    }

    /// <summary>
    /// Starts a process that must refuse to start, and waits for it to end: its exit code. Still
    /// running after <paramref name="timeout"/>, it is killed and the wait fails with its output.
    /// </summary>
    public async Task<int> StartExpectingExitAsync(IDictionary<string, string> overrides, TimeSpan timeout)
    {
        Launch(overrides);
        try { return await ExitCodeWithinAsync(timeout); }
        catch (TimeoutException)
        {
            await KillAsync();
            throw;
        }
    }

    /// <summary>Starts the process and returns at once, for a test that watches a start that must not get far.</summary>
    public void Launch(IDictionary<string, string>? overrides = null)
    {
        var info = new ProcessStartInfo("dotnet", [AssemblyPath(_name)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Mash__GrpcPort"] = Port.ToString();
        info.Environment["Mash__HttpPort"] = HttpPort.ToString();
        info.Environment["Auth__SigningKey"] = TestIdentity.SigningKey;
        foreach (var (key, value) in _environment.Concat(overrides ?? new Dictionary<string, string>())) info.Environment[key] = value;

        var started = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {_name}");
        started.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        started.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        // Swapped in once started, and the process it replaces kept undisposed until the end: the chaos
        // supervisor reads ExitedByItself without a lock while a restart runs, and HasExited on a disposed
        // (or not yet started) Process throws "No process is associated with this object", which once
        // ended a chaos run that had lost nothing. Reset the kill mark only after the swap, so the old,
        // killed process is never taken for one that exited by itself.
        if (Interlocked.Exchange(ref _process, started) is { } previous) lock (_retired) _retired.Add(previous);
        Volatile.Write(ref _killed, false);
    }

    /// <summary>The running process's id (the load bench reads its CPU time from /proc); null before it started or once it ended.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>The exit code once the process has ended by itself; null while it runs (or before it started).</summary>
    public int? ExitCode => _process is { HasExited: true } ? _process.ExitCode : null;

    /// <summary>Waits for the running process to end by itself: its exit code, or a failure with its output if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeWithinAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try { await _process!.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"{_name} was still running after {timeout.TotalSeconds:0} s:\n{Output}"); }
        return _process.ExitCode;
    }

    /// <summary>
    /// Asks the process to stop as an orchestrator does (SIGTERM) and waits for it to exit: its exit
    /// code and how long it took. Still running after <paramref name="timeout"/>, it is killed and
    /// the wait fails with its output.
    /// </summary>
    public async Task<(int ExitCode, TimeSpan Took)> TerminateAsync(TimeSpan timeout)
    {
        if (_process is null || _process.HasExited) throw new InvalidOperationException($"{_name} is not running");
        var clock = Stopwatch.StartNew();
        if (Kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"SIGTERM to {_name} (pid {_process.Id}) failed: errno {Marshal.GetLastPInvokeError()}");
        try { return (await ExitCodeWithinAsync(timeout), clock.Elapsed); }
        catch (TimeoutException)
        {
            await KillAsync();
            throw;
        }
    }

    const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    static extern int Kill(int pid, int signal);

    /// <summary>Ends the process at once, as a crash would: no shutdown hooks run.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        Volatile.Write(ref _killed, true);
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        lock (_retired) foreach (var retired in _retired) retired.Dispose();
        Channel.Dispose();
        _port.Dispose();
        _httpPort.Dispose();
    }

    /// <summary>services/X/bin/&lt;configuration&gt;/net10.0/Mash.X.dll, built with the solution.</summary>
    public static string AssemblyPath(string name)
    {
        var configuration = typeof(ServiceProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepositoryRoot(), "services", name, "bin", configuration, "net10.0", $"Mash.{name}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build {name} first (dotnet build Mash.sln -c {configuration})", path);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Mash.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Mash.sln not found above " + AppContext.BaseDirectory);
    }
}
