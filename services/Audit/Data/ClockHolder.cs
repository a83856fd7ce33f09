namespace Mash.Audit.Data;

/// <summary>Who holds a child's case now (the latest allocation event), for case clocks that start after it.</summary>
public sealed class ClockHolder
{
    public required string ChildId { get; init; }
    public required string ContactId { get; init; }
    public required string HeldBy { get; init; }
    public required string SubjectId { get; init; }
    public DateTimeOffset HeldAt { get; init; }
}
