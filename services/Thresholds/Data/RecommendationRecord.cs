namespace Mash.Thresholds.Data;

/// <summary>One run of the rules for a child (mash.common.v1.Recommendation bytes) and what caused it.</summary>
public sealed class RecommendationRecord
{
    public Guid Id { get; init; }
    public Guid ContactId { get; init; }
    public Guid ChildId { get; init; }
    public int Evaluation { get; init; }

    /// <summary>mash.common.v1.TriageTrigger.</summary>
    public int Trigger { get; init; }
    public string TriggerId { get; init; } = "";
    public required byte[] Recommendation { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
