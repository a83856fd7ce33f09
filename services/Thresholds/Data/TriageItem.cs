namespace Mash.Thresholds.Data;

/// <summary>
/// A child in a contact and where it stands at the front door: the facts the rules ran on
/// (ContactFacts bytes holding this one child), its place, the rule set pinned at first triage,
/// the current recommendation and the child's status.
/// </summary>
public sealed class TriageItem
{
    public Guid ChildId { get; init; }
    public Guid ContactId { get; init; }
    public int ChildIndex { get; init; }

    /// <summary>The child's authority from the postcode, or the receiving hub's when outside every one.</summary>
    public required string LocalAuthority { get; set; }

    /// <summary>The authority whose hub received the contact.</summary>
    public string HubAuthority { get; init; } = "";

    public string Locality { get; set; } = "";
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>mash.common.v1.ContactFacts bytes with this child only (concerns from checks merged in).</summary>
    public required byte[] Facts { get; set; }

    /// <summary>mash.common.v1.ChildStatus.</summary>
    public int Status { get; set; }
    public bool Withdrawn { get; set; }
    public Guid? CurrentRecommendationId { get; set; }
    public int EvaluationCount { get; set; }

    /// <summary>The rule set of the first triage: re-runs use the same rules, even after a new version.</summary>
    public string RuleSetId { get; init; } = "";
    public int RuleSetVersion { get; init; }

    /// <summary>mash.common.v1.ReferralSource, for ChildRouted.</summary>
    public int ReferralSource { get; init; }
    public string StepUpEpisodeId { get; init; } = "";
}
