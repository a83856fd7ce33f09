namespace Mash.Intake.Data;

/// <summary>A stored contact: the submitted request as protobuf bytes, and its keys.</summary>
public sealed class ContactRecord
{
    public Guid Id { get; init; }
    public required string Agency { get; init; }
    public required string IdempotencyKey { get; init; }

    /// <summary>SHA-256 of the request: a retry with the same key must carry the same payload.</summary>
    public required byte[] RequestHash { get; init; }

    public required string LocalAuthority { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required byte[] Request { get; init; }
    public List<ContactChildRecord> Children { get; init; } = [];
}

public sealed class ContactChildRecord
{
    public Guid Id { get; init; }
    public Guid ContactId { get; init; }
    public int ChildIndex { get; init; }
    public int Status { get; set; }
}
