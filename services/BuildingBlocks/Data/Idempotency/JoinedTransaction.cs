using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Mash.BuildingBlocks.Data.Idempotency;

public static class TransactionExtensions
{
    /// <summary>
    /// A transaction of the handler's own, or, when an outer one is already open (an idempotent
    /// call's), that one: the handler's commit and disposal then leave it to its owner, so the
    /// change and the record of the call commit together or not at all.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginOrJoinTransactionAsync(this DatabaseFacade database, CancellationToken cancellationToken) =>
        database.CurrentTransaction is { } outer ? new JoinedTransaction(outer) : await database.BeginTransactionAsync(cancellationToken);

    sealed class JoinedTransaction(IDbContextTransaction outer) : IDbContextTransaction
    {
        public Guid TransactionId => outer.TransactionId;
        public void Commit() { }
        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        // A joined handler that fails throws; the owner's disposal rolls everything back.
        public void Rollback() => outer.Rollback();
        public Task RollbackAsync(CancellationToken cancellationToken = default) => outer.RollbackAsync(cancellationToken);
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
