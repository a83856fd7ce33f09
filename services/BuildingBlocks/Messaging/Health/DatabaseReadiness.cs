using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mash.BuildingBlocks.Messaging.Health;

/// <summary>
/// Readiness of the service's database: a round trip (<c>SELECT 1</c>), not only a connection from
/// the pool, which can be handed out without the server being asked. A server that does not answer
/// within the probe timeout (frozen, or the network gone quiet) counts as unreachable.
/// </summary>
public sealed class DatabaseReadiness<TDbContext>(IServiceScopeFactory scopes, ConsumerWatchOptions options) : IHealthCheck
    where TDbContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ProbeTimeout);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy("database answers");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The exception's type only: a message can carry a connection string's host and user.
            return HealthCheckResult.Unhealthy($"database unreachable ({ex.GetType().Name})");
        }
    }
}
