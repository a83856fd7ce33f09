namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>
/// How a service's 30 s after SIGTERM (what an orchestrator allows before it kills) are shared.
/// The host stops its hosted services in reverse order of registration: Kestrel first (registered
/// by WebApplicationBuilder.Build, after everything else): it takes no new connection and lets the
/// calls in flight finish; then the bus: its receive endpoints take no new message and wait for the
/// consumers in flight, the outbox flushes what they committed, and the connection closes; then
/// the rest. Whatever still runs at <see cref="Host"/> is cancelled, so the process is gone well
/// within 30 s; a message whose consumer was cancelled goes back to its queue, an event that was
/// not published stays in the outbox, both for the next start (the inbox drops any copy).
/// </summary>
public static class ShutdownTimings
{
    /// <summary>The host's ShutdownTimeout: every hosted service's stop together.</summary>
    public static readonly TimeSpan Host = TimeSpan.FromSeconds(25);

    /// <summary>How long consumers in flight may go on before their CancellationToken is cancelled (MassTransit's ConsumerStopTimeout).</summary>
    public static readonly TimeSpan ConsumerStop = TimeSpan.FromSeconds(10);

    /// <summary>How long the bus's whole stop may be waited for: consumers, the outbox's flush (<c>Outbox:DrainTimeout</c>, 5 s), the connection (MassTransit's StopTimeout).</summary>
    public static readonly TimeSpan BusStop = TimeSpan.FromSeconds(20);
}
