using Mash.BuildingBlocks.Messaging.Errors;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Mash.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// Runs the outbox's last flush at the one moment in a stopping bus when it can be complete and
/// still go out: MassTransit stops the service's own receive endpoints first (each waits for its
/// consumers to finish, whose transactions have by then committed their events), then the bus's
/// own temporary endpoint, and only then closes its connection (BaseHost.Stop in 8.5). The bus
/// endpoint's Stopping event, which the stop awaits, is that moment. The hosted-service order
/// cannot give it: MassTransit stops its endpoints and its connection in one StopAsync.
/// </summary>
public sealed class DrainOutboxAtShutdown(IServiceProvider services, IHostApplicationLifetime lifetime, IOptions<OutboxOptions> options)
    : IReceiveEndpointObserver
{
    public async Task Stopping(ReceiveEndpointStopping stopping)
    {
        // Only the temporary bus endpoint (a consumer endpoint has a queue of its own), and only
        // when the host stops: the dispatcher does not resume after a drain.
        if (EndpointQueues.QueueOf(stopping.InputAddress) is not null || !lifetime.ApplicationStopping.IsCancellationRequested) return;
        using var limit = new CancellationTokenSource(options.Value.DrainTimeout);
        // Looked up now, not injected: the dispatcher needs the bus, which is being built when this observer is.
        foreach (var drain in services.GetServices<IOutboxDrain>()) await drain.DrainAsync(limit.Token);
    }

    public Task Ready(ReceiveEndpointReady ready) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    public Task Faulted(ReceiveEndpointFaulted faulted) => Task.CompletedTask;
}
