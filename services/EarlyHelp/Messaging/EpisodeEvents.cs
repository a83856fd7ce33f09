using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.EarlyHelp.Domain;

namespace Mash.EarlyHelp.Messaging;

/// <summary>The events an episode raises, built from the episode as it stands (ids, codes and dates only).</summary>
public static class EpisodeEvents
{
    /// <summary>Who acts on an episode without a lead professional: the locality's early help panel.</summary>
    public static string Panel(string locality) => $"early-help-panel:{locality}";

    /// <summary>
    /// The episode opened, or a sibling routed later joined it: the event then lists every child and
    /// decision so far, with the same episode id and clock (consumers keep the latest per episode).
    /// </summary>
    public static EarlyHelpEpisodeOpened Opened(Episode episode, Actor actor, DateTimeOffset at, string causationId) => new()
    {
        Header = EventHeaders.For(episode, actor, at, causationId),
        EpisodeId = episode.EpisodeId,
        ChildIds = { EpisodeChanges.ChildIds(episode) },
        Locality = episode.Locality,
        Origin = episode.Origin,
        DecisionIds = { episode.Children.Select(c => c.DecisionId).Where(id => id.Length > 0) },
        StepDownAllocationId = episode.StepDownAllocationId,
        RoutedAt = episode.LeadProfessionalClock.StartedAt,
        LeadProfessionalDueAt = episode.LeadProfessionalClock.DueAt,
    };

    public static EarlyHelpConsentRecorded ConsentRecorded(Episode episode, ConsentRecord consent, DateTimeOffset at) => new()
    {
        Header = EventHeaders.For(episode, consent.RecordedBy, at),
        EpisodeId = episode.EpisodeId,
        ChildIds = { EpisodeChanges.ChildIds(episode) },
        Decision = consent.Decision,
        DecidedAt = consent.DecidedAt,
    };

    public static LeadProfessionalAllocated Allocated(Episode episode, LeadProfessionalAssignment assignment, string previousId, DateTimeOffset at, string causationId) => new()
    {
        Header = EventHeaders.For(episode, assignment.AssignedBy, at, causationId),
        EpisodeId = episode.EpisodeId,
        ChildIds = { EpisodeChanges.ChildIds(episode) },
        LeadProfessionalId = assignment.LeadProfessional.LeadProfessionalId,
        Agency = assignment.LeadProfessional.Agency,
        AgencyKind = assignment.LeadProfessional.AgencyKind,
        Locality = assignment.LeadProfessional.Locality,
        Mode = assignment.Mode,
        Reason = assignment.Reason,
        RoutedAt = episode.LeadProfessionalClock.StartedAt,
        PreviousLeadProfessionalId = previousId,
    };

    public static EarlyHelpAssessmentRecorded AssessmentRecorded(Episode episode, EarlyHelpAssessment assessment, DateTimeOffset at) => new()
    {
        Header = EventHeaders.For(episode, assessment.RecordedBy, at),
        EpisodeId = episode.EpisodeId,
        ChildIds = { EpisodeChanges.ChildIds(episode) },
        AssessmentId = assessment.AssessmentId,
        AssessmentDate = assessment.AssessmentDate,
        CompletedByOrganisation = assessment.CompletedByOrganisation,
        Needs = { assessment.Needs.Select(n => new ConcernFact { Category = n.Category, Subject = n.Subject }) },
        ReviewDate = assessment.ReviewDate,
    };

    public static StepUpRequested StepUpRequested(Episode episode, string newContactId, string reason, Actor actor, DateTimeOffset at) => new()
    {
        Header = EventHeaders.For(episode, actor, at),
        EpisodeId = episode.EpisodeId,
        ChildIds = { EpisodeChanges.ChildIds(episode) },
        NewContactId = newContactId,
        Reason = reason,
    };

    public static EpisodeClosed Closed(Episode episode, Actor actor, DateTimeOffset at, string causationId) => new()
    {
        Header = EventHeaders.For(episode, actor, at, causationId),
        EpisodeId = episode.EpisodeId,
        ChildIds = { EpisodeChanges.ChildIds(episode) },
        Outcome = episode.Outcome,
        OpenedAt = episode.OpenedAt,
        StepUpContactId = episode.StepUpContactId,
    };

    /// <summary>A fifth of the clock's working time is left; the event happens at that instant, not when the scheduler noticed.</summary>
    public static ClockAtRisk AtRisk(Episode episode) => new()
    {
        Header = EventHeaders.For(episode, EventHeaders.System, LeadProfessionalClock.AtRiskAt(episode.LeadProfessionalClock)),
        Clock = Details(episode),
    };

    public static ClockBreached Breached(Episode episode) => new()
    {
        Header = EventHeaders.For(episode, EventHeaders.System, episode.LeadProfessionalClock.DueAt.ToDateTimeOffset()),
        Clock = Details(episode),
    };

    static ClockDetails Details(Episode episode) => new()
    {
        ClockId = episode.LeadProfessionalClock.ClockId,
        Kind = episode.LeadProfessionalClock.Kind,
        StartedAt = episode.LeadProfessionalClock.StartedAt,
        DueAt = episode.LeadProfessionalClock.DueAt,
        AtRiskAt = episode.LeadProfessionalClock.AtRiskAt,
        Locality = episode.Locality,
        SubjectId = episode.EpisodeId,
        HeldBy = Panel(episode.Locality),
    };
}
