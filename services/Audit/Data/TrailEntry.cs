namespace Mash.Audit.Data;

/// <summary>One event as the trail holds it: its ids, its type and its protobuf bytes.</summary>
public sealed class TrailEntry
{
    public long Sequence { get; init; }
    public Guid EventId { get; init; }
    public required string EventType { get; init; }
    public required string ContactId { get; init; }
    public required string ChildId { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
    public required byte[] Body { get; init; }
}
