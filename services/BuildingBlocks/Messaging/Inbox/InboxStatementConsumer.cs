using Google.Protobuf;
using Mash.BuildingBlocks.Data;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>
/// For a consumer whose whole effect is one SQL statement: the inbox claim is a data-modifying
/// common table expression of that same statement, named <c>claimed</c>, and the effect acts only
/// where it exists. A statement is atomic on its own, so claim and effect commit together with no
/// transaction of their own: the statement joins the next group of such statements, one round trip
/// and one commit for all of them (<see cref="StatementGroups{TDbContext}"/>), where BEGIN, claim,
/// read, write and COMMIT took five round trips for each event. A copy of the event in flight
/// elsewhere still blocks the claim until that copy's group ends, and then finds its row: the
/// effect happens once.
/// </summary>
public abstract class InboxStatementConsumer<TEvent, TDbContext>(TDbContext db, StatementGroups<TDbContext> groups) : InboxConsumerBase<TEvent, TDbContext>(db)
    where TEvent : class, IMessage, IEvent
    where TDbContext : DbContext
{
    protected sealed override Task ApplyOnceAsync(TEvent message, Guid eventId, CancellationToken cancellationToken)
    {
        var (effect, values) = PositionalSql.From(Effect(message), first: 3);
        return groups.RunAsync(
            "WITH claimed AS (INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ($1, $2, now()) ON CONFLICT DO NOTHING RETURNING message_id)\n" + effect,
            [eventId, ConsumerName, .. values], cancellationToken);
    }

    /// <summary>
    /// The statement after <c>WITH claimed AS (...)</c>: further expressions (each after a comma)
    /// and a last statement, every part of which writes only <c>WHERE EXISTS (SELECT FROM claimed)</c>.
    /// Interpolated values become parameters.
    /// </summary>
    protected abstract FormattableString Effect(TEvent message);
}
