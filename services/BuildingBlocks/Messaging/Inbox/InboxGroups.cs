using Google.Protobuf;
using Mash.BuildingBlocks.Data;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// Group commit for consumers whose effects take one lock in turn anyway (allocation's placements
/// hold their authority's lock until they commit): every event waiting is claimed in the inbox and
/// handled in one transaction, in the order the events arrived, with one lock, one read of what the
/// lock guards and one commit. One at a time, each event held the lock for five round trips and a
/// WAL flush while the consumer's other deliveries sat on connections waiting for it (issue 18).
/// Exactly-once holds as in <see cref="InboxConsumer{TEvent, TDbContext}"/>: the claims commit with
/// the effects, and a copy of an event in the same group is handled once. When a group fails,
/// each event is handled again alone, so one bad event fails only its own delivery.
/// </summary>
public abstract class InboxGroups<TEvent, TDbContext>(IServiceScopeFactory scopes, ILogger logger, string consumer, int maxGroup)
    : GroupCommit<InboxGroups<TEvent, TDbContext>.Delivery>(logger, maxGroup)
    where TEvent : class, IMessage, IEvent
    where TDbContext : DbContext
{
    public sealed record Delivery(TEvent Message, Guid EventId);

    protected override string ItemsName => "events";

    /// <summary>Handles the event in the next group; returns when that group committed, or throws what failed the event.</summary>
    public Task ApplyOnceAsync(TEvent message, Guid eventId, CancellationToken cancellationToken) =>
        CommitAsync(new Delivery(message, eventId), cancellationToken);

    /// <summary>The effect of the events not handled before, in their order: change entities, do not call SaveChanges.</summary>
    protected abstract Task HandleAsync(IServiceProvider services, IReadOnlyList<TEvent> events, CancellationToken cancellationToken);

    protected override Task WriteAloneAsync(Delivery item, CancellationToken cancellationToken) => WriteGroupAsync([item], cancellationToken);

    protected override async Task WriteGroupAsync(IReadOnlyList<Delivery> group, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Database.AutoSavepointsEnabled = false;

        var fresh = await InboxClaims.ClaimAsync(db, group, d => d.EventId, consumer, cancellationToken);
        if (fresh.Count == 0) return;

        await HandleAsync(scope.ServiceProvider, fresh.Select(d => d.Message).ToList(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
