using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>The inbox claim of a group commit: every event of the group recorded in one round trip.</summary>
public static class InboxClaims
{
    /// <summary>
    /// Records the items' events in the inbox under <paramref name="consumer"/>, inside the context's
    /// current transaction, and returns the items whose event was not recorded before, in their order;
    /// a second copy of an event in the items is dropped like any other. A copy in flight elsewhere
    /// blocks the claim until it commits, and is then found recorded.
    /// </summary>
    public static async Task<List<T>> ClaimAsync<T>(DbContext db, IReadOnlyList<T> items, Func<T, Guid> eventId, string consumer,
        CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(
            "INSERT INTO inbox_messages (message_id, consumer, processed_at) SELECT id, $2, now() FROM unnest($1::uuid[]) AS id " +
            "ON CONFLICT DO NOTHING RETURNING message_id",
            (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        claim.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = items.Select(eventId).Distinct().ToArray() });
        claim.Parameters.Add(new NpgsqlParameter<string> { TypedValue = consumer });
        var fresh = new HashSet<Guid>();
        await using (var reader = await claim.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) fresh.Add(reader.GetGuid(0));
        return items.Where(item => fresh.Remove(eventId(item))).ToList();
    }
}
