using System.Data.Common;
using System.Runtime.CompilerServices;
using Mash.BuildingBlocks.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Mash.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher as soon as a save or transaction that wrote outbox rows commits, so that
/// events leave in milliseconds rather than at the next poll. Polling stays as the safety net.
/// Only such commits wake it: waking on every commit (an inbox claim with no event to send, a
/// read's transaction, the dispatcher's own delete) cost an empty dispatch round each.
/// </summary>
public sealed class OutboxSignal : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    readonly SemaphoreSlim _signal = new(0, 1);

    // Contexts whose open transaction has saved outbox rows: their commit wakes the dispatcher.
    readonly ConditionalWeakTable<DbContext, object> _wroteInTransaction = new();

    public void Notify()
    {
        // At most one pending wake-up: a full semaphore means the dispatcher will look anyway. Looking
        // first spares the exception, which a busy service threw on most commits (0.7% of thresholds'
        // CPU under load); the catch stays for two commits that look at the same moment.
        if (_signal.CurrentCount > 0) return;
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>True when woken by a commit, false when the timeout passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _signal.WaitAsync(timeout, cancellationToken);

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    // Outbox rows are only ever added (AddEvent), so no change detection is needed to see them:
    // SaveChanges runs its own right after.
    static bool WritesOutbox(DbContext context) => context.AnyAdded<OutboxMessage>();

    // Before the save, while the new rows are still "Added"; remembered until the save or commit.
    void Note(DbContext? context)
    {
        if (context is not null && WritesOutbox(context)) _wroteInTransaction.AddOrUpdate(context, this);
    }

    void Saved(DbContext? context)
    {
        // Without a transaction of the caller's, the save was its own transaction and has committed.
        if (context is not null && context.Database.CurrentTransaction is null && _wroteInTransaction.Remove(context)) Notify();
    }

    void Committed(DbContext? context)
    {
        if (context is not null && _wroteInTransaction.Remove(context)) Notify();
    }

    // A failed save in the caller's transaction is settled by its rollback; one of its own is over.
    void Failed(DbContext? context)
    {
        if (context is not null && context.Database.CurrentTransaction is null) Forget(context);
    }

    void Forget(DbContext? context)
    {
        if (context is not null) _wroteInTransaction.Remove(context);
    }
}
