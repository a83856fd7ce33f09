using Mash.Audit.Domain.Trail;

namespace Mash.Audit.Data;

/// <summary>
/// One event as the trail holds it: its ids, who caused it, the rule set in play, a readable line,
/// its protobuf bytes, and its place in the hash chain. Rows are only ever inserted.
/// </summary>
public sealed class TrailEntry
{
    public long Sequence { get; init; }
    public Guid EventId { get; init; }
    public required string EventType { get; init; }
    public required string ContactId { get; init; }
    public required List<string> ChildIds { get; init; }
    public required string LocalAuthority { get; init; }

    /// <summary>The event header's Actor, as protobuf bytes.</summary>
    public required byte[] Actor { get; init; }

    public string RuleSetId { get; init; } = "";
    public int RuleSetVersion { get; init; }
    public string RuleSetHash { get; init; } = "";
    public required string Summary { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required byte[] Body { get; init; }
    public required byte[] PreviousHash { get; init; }
    public required byte[] Hash { get; init; }

    /// <summary>What the hash covers, as stored.</summary>
    public TrailContent Content() => new(Sequence, EventId, EventType, OccurredAt, RecordedAt, Actor, ContactId, ChildIds,
        LocalAuthority, RuleSetId, RuleSetVersion, RuleSetHash, Summary, Body);

    public StoredEntry Stored() => new(Content(), PreviousHash, Hash);
}
