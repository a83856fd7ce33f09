namespace Mash.Thresholds.Data;

/// <summary>
/// A decision on a child (mash.thresholds.v1.Decision bytes as recorded). Insert-only apart from
/// its state and a countersignature added once (a database trigger holds the rest still).
/// </summary>
public sealed class DecisionRecord
{
    public Guid Id { get; init; }
    public Guid ContactId { get; init; }
    public Guid ChildId { get; init; }

    /// <summary>mash.common.v1.DecisionStage.</summary>
    public int Stage { get; init; }

    /// <summary>mash.thresholds.v1.DecisionState.</summary>
    public int State { get; set; }
    public Guid? SupersedesId { get; init; }
    public required string DecidedBySubject { get; init; }

    /// <summary>mash.common.v1.Role.</summary>
    public int DecidedByRole { get; init; }
    public DateTimeOffset DecidedAt { get; init; }
    public required byte[] Decision { get; init; }

    /// <summary>mash.thresholds.v1.Countersignature bytes, once a manager has acted.</summary>
    public byte[]? Countersignature { get; set; }
}
