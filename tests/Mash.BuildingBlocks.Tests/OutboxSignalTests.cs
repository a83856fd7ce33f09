using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>
/// The dispatcher is woken by commits that wrote outbox rows, and only by them (real PostgreSQL):
/// a commit with nothing to send used to cost an empty dispatch round.
/// </summary>
public sealed class OutboxSignalTests(IsolatedEnvironment environment) : IClassFixture<IsolatedEnvironment>
{
    static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(200);

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_a_commit_that_wrote_outbox_rows_wakes_the_dispatcher()
    {
        await using var database = await TestDatabase.CreateAsync(environment, "signal", Cancel);
        var signal = database.Services.GetRequiredService<OutboxSignal>();
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();

        // A transaction with an effect but no event, and a save of its own without one: no wake-up.
        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            db.Effects.Add(new Effect { EventId = Guid.NewGuid(), ContactId = "c" });
            await db.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }
        db.Effects.Add(new Effect { EventId = Guid.NewGuid(), ContactId = "c" });
        await db.SaveChangesAsync(Cancel);
        var wokenWithoutEvents = await signal.WaitAsync(Soon, Cancel);

        // An event saved in a transaction wakes the dispatcher at the commit, not at the save.
        bool wokenAtSave, wokenAtCommit;
        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            db.AddEvent(Events.ContactReceived());
            await db.SaveChangesAsync(Cancel);
            wokenAtSave = await signal.WaitAsync(Soon, Cancel);
            await transaction.CommitAsync(Cancel);
            wokenAtCommit = await signal.WaitAsync(Soon, Cancel);
        }

        // Rolled back: nothing to send, no wake-up, and the next empty commit does not inherit it.
        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
        {
            db.AddEvent(Events.ContactReceived());
            await db.SaveChangesAsync(Cancel);
            await transaction.RollbackAsync(Cancel);
        }
        db.ChangeTracker.Clear();
        await using (var transaction = await db.Database.BeginTransactionAsync(Cancel))
            await transaction.CommitAsync(Cancel);
        var wokenAfterRollback = await signal.WaitAsync(Soon, Cancel);

        // A save of its own with an event wakes it at once.
        db.AddEvent(Events.ContactReceived());
        await db.SaveChangesAsync(Cancel);
        var wokenBySave = await signal.WaitAsync(Soon, Cancel);

        Assert.Equal((false, false, true, false, true), (wokenWithoutEvents, wokenAtSave, wokenAtCommit, wokenAfterRollback, wokenBySave));
        Assert.Equal(2, await Sql.CountAsync(database.ConnectionString, "SELECT count(*) FROM outbox_messages"));
    }
}
