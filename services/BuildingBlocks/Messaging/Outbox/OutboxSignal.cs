using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mash.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher as soon as a transaction that may hold new outbox rows commits, so that
/// events leave in milliseconds rather than at the next poll. Polling stays as the safety net.
/// </summary>
public sealed class OutboxSignal : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: a full semaphore means the dispatcher will look anyway.
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken);

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Notify();
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Notify();
        return Task.CompletedTask;
    }
}
