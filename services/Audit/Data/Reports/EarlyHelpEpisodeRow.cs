namespace Mash.Audit.Data.Reports;

/// <summary>An early help episode as Annex A list 2 needs it (report_early_help_episodes).</summary>
public sealed class EarlyHelpEpisodeRow
{
    public required string EpisodeId { get; init; }
    public required string LocalAuthority { get; init; }
    public required List<string> ChildIds { get; init; }
    public required string Locality { get; init; }
    public int Origin { get; init; }
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int Outcome { get; init; }
}

/// <summary>An early help assessment (report_early_help_assessments): when, and which organisation completed it.</summary>
public sealed class EarlyHelpAssessmentRow
{
    public required string AssessmentId { get; init; }
    public required string EpisodeId { get; init; }
    public DateOnly? AssessmentDate { get; init; }
    public required string CompletedByOrganisation { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
