using Google.Protobuf;
using Mash.Audit.Data;
using Mash.Audit.Domain.Trail;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

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
    /// Appends the events in order under one hold of the chain lock and saves them; must run inside
    /// the caller's transaction. One lock, one head read and one insert round trip for them all:
    /// that is what lets the trail keep up with a busy hub (see TrailWriter).
    /// </summary>
    public async Task<IReadOnlyList<TrailEntry>> AppendAsync(IReadOnlyList<IEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return [];
        var now = clock.GetUtcNow();

        // SET LOCAL ends with the transaction; RESET below hands the rest of it back to the service's own role.
        await db.Database.ExecuteSqlRawAsync($"SET LOCAL ROLE {WriterRole}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
        var head = await db.TrailEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);

        var (sequence, previousHash) = (head?.Sequence ?? 0, head?.Hash ?? TrailChain.Genesis);
        var entries = new List<TrailEntry>(events.Count);
        foreach (var @event in events)
        {
            var entry = Entry(@event, ++sequence, previousHash, now);
            db.TrailEntries.Add(entry);
            entries.Add(entry);
            previousHash = entry.Hash;
        }
        await db.SaveChangesAsync(cancellationToken);
        // Entries are never changed once written: tracked, each later SaveChanges and lookup of the
        // caller's transaction (a clock change per event) would compare every entry's body again,
        // a cost that grew with the square of the group and sank the trail under load.
        foreach (var entry in entries) db.Entry(entry).State = EntityState.Detached;
        await db.Database.ExecuteSqlRawAsync("RESET ROLE", cancellationToken);
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
