using Google.Protobuf;
using Mash.Audit.Data;
using Mash.Audit.Domain.Trail;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Mash.Audit.Trail;

/// <summary>
/// Appends events to the one hash chain of the trail. Appends are serialised by a transaction
/// advisory lock, held until the caller's transaction ends, so the next sequence and the previous
/// hash read under it cannot change before the entry commits: the chain is gap-free and never
/// forks, whatever the consumer concurrency (a unique previous_hash enforces the latter in the
/// database too). The entry is written as audit_trail_writer, which may only read and insert.
/// </summary>
public sealed class TrailAppender(AuditDbContext db, TimeProvider clock)
{
    /// <summary>The advisory lock of the chain head ("MashTrail"); any fixed number, the same in every instance.</summary>
    public const long ChainLockKey = 0x4D61736854726C;

    public const string WriterRole = "audit_trail_writer";

    /// <summary>Appends the event and saves it; must run inside the caller's transaction.</summary>
    public async Task<TrailEntry> AppendAsync(IEvent @event, CancellationToken cancellationToken) =>
        (await AppendAsync([@event], cancellationToken))[0];

    /// <summary>
    /// Appends the events in order under one hold of the chain lock; must run inside the caller's
    /// transaction. Two round trips for them all, whatever their number: the role, the lock and the
    /// head in one batch, then one INSERT of every entry and the role handed back. The trail is the
    /// one serial step of the pipeline, so each round trip in it is paid by every event behind it
    /// (issue 18). Statements of a batch run one after the other, each with its own snapshot: the
    /// head is read after the lock is held, never before.
    /// </summary>
    public async Task<IReadOnlyList<TrailEntry>> AppendAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return [];
        var now = clock.GetUtcNow();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction();

        // SET LOCAL ends with the transaction; RESET below hands the rest of it back to the service's own role.
        var (sequence, previousHash) = (0L, TrailChain.Genesis);
        await using (var head = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new($"SET LOCAL ROLE {WriterRole}"),
                new($"SELECT pg_advisory_xact_lock({ChainLockKey})"),
                new("SELECT sequence, hash FROM trail_entries ORDER BY sequence DESC LIMIT 1"),
            },
        })
        {
            await using var reader = await head.ExecuteReaderAsync(cancellationToken);
            do
            {
                if (reader.FieldCount == 2 && reader.GetName(0) == "sequence" && await reader.ReadAsync(cancellationToken))
                    (sequence, previousHash) = (reader.GetInt64(0), (byte[])reader.GetValue(1));
            } while (await reader.NextResultAsync(cancellationToken));
        }

        var entries = new List<TrailEntry>(events.Count);
        foreach (var @event in events)
        {
            var entry = Entry(@event, ++sequence, previousHash, now);
            entries.Add(entry);
            previousHash = entry.Hash;
        }
        await using var insert = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { TrailInsert.Of(entries), new("RESET ROLE") },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return entries;
    }

    static TrailEntry Entry(IEvent @event, long sequence, byte[] previousHash, DateTimeOffset now)
    {
        var message = (IMessage)@event;
        var header = @event.Header ?? new EventHeader();
        var ruleSet = TrailSubjects.RuleSet(@event);
        var content = new TrailContent(
            Sequence: sequence,
            EventId: @event.EventId(),
            EventType: message.Descriptor.FullName,
            OccurredAt: TrailChain.Stored(header.OccurredAt?.ToDateTimeOffset() ?? now),
            RecordedAt: TrailChain.Stored(now),
            Actor: (header.Actor ?? new Actor()).ToByteArray(),
            ContactId: header.ContactId,
            ChildIds: TrailSubjects.ChildIds(@event),
            LocalAuthority: header.LocalAuthority,
            RuleSetId: ruleSet?.RuleSetId ?? "",
            RuleSetVersion: ruleSet?.Version ?? 0,
            RuleSetHash: ruleSet?.ContentHash ?? "",
            Summary: TrailSummary.Describe(@event),
            Body: message.ToByteArray());
        return new TrailEntry
        {
            Sequence = content.Sequence,
            EventId = content.EventId,
            EventType = content.EventType,
            ContactId = content.ContactId,
            ChildIds = [.. content.ChildIds],
            LocalAuthority = content.LocalAuthority,
            Actor = content.Actor,
            RuleSetId = content.RuleSetId,
            RuleSetVersion = content.RuleSetVersion,
            RuleSetHash = content.RuleSetHash,
            Summary = content.Summary,
            OccurredAt = content.OccurredAt,
            RecordedAt = content.RecordedAt,
            Body = content.Body,
            PreviousHash = previousHash,
            Hash = TrailChain.Hash(previousHash, content),
        };
    }
}
