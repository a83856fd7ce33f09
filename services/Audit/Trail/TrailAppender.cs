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
    public async Task<TrailEntry> AppendAsync(IEvent @event, CancellationToken cancellationToken)
    {
        var message = (IMessage)@event;
        var header = @event.Header ?? new EventHeader();
        var now = clock.GetUtcNow();
        var ruleSet = TrailSubjects.RuleSet(@event);

        // SET LOCAL ends with the transaction; RESET below hands the rest of it back to the service's own role.
        await db.Database.ExecuteSqlRawAsync($"SET LOCAL ROLE {WriterRole}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
        var head = await db.TrailEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);

        var content = new TrailContent(
            Sequence: (head?.Sequence ?? 0) + 1,
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
        var previousHash = head?.Hash ?? TrailChain.Genesis;
        var entry = new TrailEntry
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
        db.TrailEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("RESET ROLE", cancellationToken);
        return entry;
    }
}
