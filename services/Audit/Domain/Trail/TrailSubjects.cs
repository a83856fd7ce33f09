using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Domain.Trail;

/// <summary>
/// Whom and what a trail entry is about: the children it concerns (a child's trail includes the
/// contact- and family-level entries that name it) and the rule set in play, where there is one.
/// </summary>
public static class TrailSubjects
{
    public static IReadOnlyList<string> ChildIds(IEvent @event)
    {
        IEnumerable<string> named = @event switch
        {
            ContactReceived e => e.Facts?.Children.Select(c => c.ChildId) ?? [],
            ContactInformationAdded e => e.Facts?.Children.Select(c => c.ChildId) ?? [],
            ContactWithdrawn e => e.ChildIds,
            ContactTriaged e => e.Children.Select(c => c.Header?.ChildId ?? ""),
            AgencyChecksRequested e => e.ChildIds,
            AgencyCheckCompleted e => e.ChildIds,
            RecordViewed e => e.ChildIds,
            EarlyHelpEpisodeOpened e => e.ChildIds,
            EarlyHelpConsentRecorded e => e.ChildIds,
            LeadProfessionalAllocated e => e.ChildIds,
            EarlyHelpAssessmentRecorded e => e.ChildIds,
            StepUpRequested e => e.ChildIds,
            EpisodeClosed e => e.ChildIds,
            // Every other event is about the one child of its header (ChildRouted's siblings are
            // not routed by it, so their trails do not claim it).
            _ => [],
        };
        var header = @event.Header?.ChildId ?? "";
        return (header.Length > 0 ? named.Prepend(header) : named).Where(id => id.Length > 0).Distinct().ToList();
    }

    public static RuleSetRef? RuleSet(IEvent @event) => @event switch
    {
        ChildTriaged e => e.Recommendation?.RuleSet,
        DecisionRecorded e => e.RuleSet,
        ChildRouted e => e.RuleSet,
        _ => null,
    };
}
