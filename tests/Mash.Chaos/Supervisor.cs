using System.Collections.Concurrent;
using System.Diagnostics;
using Mash.Testing;

namespace Mash.Chaos;

/// <summary>
/// What systemd or Kubernetes does for the services in production: a service that exits by itself
/// (a crash, or a watchdog giving up on its broker endpoints) is logged with its exit code and started
/// again. The fault injector's kills go through <see cref="KillAndRestartAsync"/>, so that each
/// service is started by one of the two at a time and a kill is never counted as an exit.
/// </summary>
public sealed class Supervisor : IAsyncDisposable
{
    readonly IReadOnlyList<ServiceProcess> _services;
    readonly Dictionary<ServiceProcess, SemaphoreSlim> _starting;
    readonly TextWriter _log;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    readonly ConcurrentQueue<string> _restarts = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _watching;

    /// <summary>
    /// How long a restarted service may take to say SERVING: on a 2-core machine shared with other
    /// builds a restart under the run's backlog took over three minutes. A wait, not a timing.
    /// </summary>
    static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    public Supervisor(IReadOnlyList<ServiceProcess> services, TextWriter log)
    {
        _services = services;
        _starting = services.ToDictionary(s => s, _ => new SemaphoreSlim(1, 1));
        _log = log;
        _watching = WatchAsync(_stop.Token);
    }

    /// <summary>Each start that followed an exit of the service by itself: which, its exit code, when.</summary>
    public IReadOnlyCollection<string> Restarts => _restarts;

    /// <summary>The injector's fault: kill -9, then started again as after any exit.</summary>
    public async Task KillAndRestartAsync(ServiceProcess service)
    {
        await _starting[service].WaitAsync();
        try
        {
            await service.KillAsync();
            await StartAsync(service, attempts: 3);
        }
        finally { _starting[service].Release(); }
    }

    async Task WatchAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var service in _services)
            {
                if (service.ExitedByItself is null || !_starting[service].Wait(0)) continue;
                try
                {
                    if (service.ExitedByItself is { } code)
                    {
                        Exited(service, code);
                        await StartAsync(service, attempts: 3);
                    }
                }
                // Still failing: the next look starts it again, as a supervisor keeps doing.
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    _log.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {service} did not start again: {e.Message.Split('\n')[0]}");
                }
                finally { _starting[service].Release(); }
            }
            try { await Task.Delay(TimeSpan.FromSeconds(1), stop); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>
    /// Starts the service and waits for SERVING; a start that fails because the process exits (the
    /// database did not answer in time on a loaded machine) is an exit like any other, and tried again.
    /// </summary>
    async Task StartAsync(ServiceProcess service, int attempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await service.StartAsync(timeout: StartTimeout); return; }
            catch (InvalidOperationException) when (attempt < attempts && service.ExitedByItself is { } code)
            {
                Exited(service, code);
            }
        }
    }

    void Exited(ServiceProcess service, int code)
    {
        _restarts.Enqueue($"{service} exit {code} at {_clock.Elapsed:mm\\:ss}");
        _log.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {service} exited by itself with code {code}, starting it again");
        // Why, in the service's own words: its consumer watch's warning and its last word (queue
        // names and bus states only, never anything about a person).
        var output = service.Output;
        foreach (var line in output.Split('\n').Where(l => l.Contains("Not consuming", StringComparison.Ordinal)).TakeLast(2))
            _log.WriteLine($"    {service}: {Message(line)}");
        // The whole of its log, for whoever looks into why (ids and queue names only, as every service log).
        var file = Path.Combine(LogDirectory, $"chaos-{service}-exit-{_restarts.Count}.log");
        File.WriteAllText(file, output);
        _log.WriteLine($"    its log so far: {file}");
    }

    /// <summary>Where a service's log is kept when it exits by itself: MASH_CHAOS_LOGS (deploy/mash sets .mash/logs), else the temporary folder.</summary>
    static string LogDirectory =>
        Environment.GetEnvironmentVariable("MASH_CHAOS_LOGS") is { Length: > 0 } dir && Directory.Exists(dir) ? dir : Path.GetTempPath();

    /// <summary>The message of a JSON console log line, or the line.</summary>
    static string Message(string line)
    {
        try { return System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("Message").GetString() ?? line; }
        catch (System.Text.Json.JsonException) { return line.Trim(); }
        catch (KeyNotFoundException) { return line.Trim(); }
    }

    /// <summary>Stops watching (before the pipeline is disposed: its kills are not exits to restart).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
    }
}
