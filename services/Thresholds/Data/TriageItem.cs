namespace Mash.Thresholds.Data;

/// <summary>A child waiting for triage: the facts it arrived with (ContactFacts bytes, one child).</summary>
public sealed class TriageItem
{
    public Guid ChildId { get; init; }
    public Guid ContactId { get; init; }
    public required string LocalAuthority { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required byte[] Facts { get; init; }
}
