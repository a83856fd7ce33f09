namespace Mash.Audit.Data;

/// <summary>One event as the trail holds it: its ids, who caused it, a readable line and its protobuf bytes.</summary>
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

    public required string Summary { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required byte[] Body { get; init; }
}
