namespace Mash.Audit.Data.Reports;

/// <summary>
/// One child of one contact (report_children): census attributes at receipt, locality, the MASH
/// outcome and, for a CIN/CP referral, allocation, strategy discussion and assessment. Enum columns
/// hold the proto numbers of mash.common.v1.
/// </summary>
public sealed class ReportChild
{
    public required string ContactId { get; init; }
    public required string ChildId { get; init; }

    public DateTimeOffset? FactsAt { get; init; }
    public int Gender { get; init; }
    public required string Ethnicity { get; init; }
    public int Disability { get; init; }
    public DateOnly? BirthDate { get; init; }

    /// <summary>The birth date is the expected date of an unborn child.</summary>
    public bool BirthExpected { get; init; }

    public bool RepeatContact { get; init; }
    public int ContactsInLast12Months { get; init; }

    public required string Locality { get; init; }
    public DateTimeOffset? LocalityAt { get; init; }

    public DateTimeOffset? RoutedAt { get; init; }
    public required string DecisionId { get; init; }
    public int Pathway { get; init; }
    public int NfaReason { get; init; }
    public int Level { get; init; }
    public int Rag { get; init; }
    public int RoutedReferralSource { get; init; }

    /// <summary>Routed while a case was already open: the census counts no new referral then.</summary>
    public bool AlreadyOpen { get; init; }

    public DateTimeOffset? WithdrawnAt { get; init; }

    public required string AllocationId { get; init; }
    public required string TeamId { get; init; }
    public required string WorkerId { get; init; }
    public bool AllocationQueued { get; init; }
    public DateTimeOffset? AllocatedAt { get; init; }

    public int StrategyOutcome { get; init; }
    public DateTimeOffset? StrategyAt { get; init; }

    public int AssessmentOutcome { get; init; }
    public DateTimeOffset? AssessmentCompletedAt { get; init; }
}
