namespace Mash.Intake.Data;

/// <summary>A stored agency check; the requester and the answer are protobuf bytes (Actor, AgencyCheckAnswer).</summary>
public sealed class AgencyCheckRecord
{
    public Guid Id { get; init; }
    public Guid ContactId { get; init; }
    public required List<Guid> ChildIds { get; init; }
    public int AgencyKind { get; init; }
    public required string Agency { get; init; }
    public required string LocalAuthority { get; init; }
    public required string Question { get; init; }
    public int Rag { get; init; }
    public DateTimeOffset RequestedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public required byte[] RequestedBy { get; init; }
    public int State { get; set; }
    public byte[]? Answer { get; set; }
}
