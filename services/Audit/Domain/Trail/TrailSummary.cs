using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Domain.Trail;

/// <summary>
/// One readable line per event for a manager reading a child's trail. Lines carry ids, codes and
/// times only, never personal data or free text (rationales, reasons and comments stay in the
/// event bytes, shown only to those who may read the entry).
/// </summary>
public static class TrailSummary
{
    public static string Describe(IEvent @event) =>
        OwnLine(@event) ?? (@event is IMessage message ? message.Descriptor.Name : @event.GetType().Name) + By(@event);

    /// <summary>The line written for this type of event; null for a type added to the contract since (it gets its name and actor).</summary>
    public static string? OwnLine(IEvent @event) => @event switch
    {
        ContactReceived e =>
            $"Contact received from {Referrer(e.Facts)} about {e.Facts?.Children.Count ?? 0} child(ren)"
            + (e.Facts?.ImmediateRisk == true ? "; immediate risk reported" : "")
            + (e.Facts?.InformationOnly == true ? "; information only" : "")
            + (e.StepUpEpisodeId.Length > 0 ? $"; step-up from early help episode {e.StepUpEpisodeId}" : "")
            + By(e),
        ContactInformationAdded e => $"Information {e.InformationId} added to the contact" + By(e),
        ContactWithdrawn e => $"Contact withdrawn for {e.ChildIds.Count} child(ren)" + By(e),
        AgencyChecksRequested e =>
            $"Agency checks requested from {string.Join(", ", e.Checks.Select(c => $"{c.Agency} ({Name(c.AgencyKind)})"))}"
            + $" about {e.ChildIds.Count} child(ren), {Name(e.Rag)}, due {Instant(e.Checks.Select(c => c.DueAt).Where(d => d is not null).MinBy(d => d.ToDateTimeOffset()))}" + By(e),
        AgencyCheckCompleted e =>
            $"Agency check {e.CheckId} answered by {e.Agency} ({Name(e.AgencyKind)}): {Name(e.Finding)}, {e.Indicators.Count} indicator(s)"
            + (e.Late ? $", late (due {Instant(e.DueAt)})" : "") + By(e),
        RecordViewed e =>
            $"Record of {e.ChildIds.Count} child(ren) viewed through {e.Method}"
            + (e.ResourceId.Length > 0 ? $" ({e.ResourceId})" : "") + By(e),
        // Never an entry itself (its children are, TrailEvents), but every event has its line.
        ContactTriaged e => $"Contact triaged: {e.Children.Count} child(ren)" + By(e),
        ChildTriaged e =>
            $"Triaged (evaluation {e.Evaluation}, {Name(e.Trigger)}{(e.TriggerId.Length > 0 ? $" {e.TriggerId}" : "")}): "
            + Recommendation(e.Recommendation) + (e.Locality.Length > 0 ? $", locality {e.Locality}" : "") + By(e),
        DecisionRecorded e =>
            $"{(e.Stage == DecisionStage.Initial ? "Initial" : "Final")} decision {e.DecisionId}: "
            + (e.Stage == DecisionStage.Initial ? Name(e.InitialOutcome) : "")
            + (e.Pathway != Pathway.Unspecified ? $"{(e.Stage == DecisionStage.Initial ? ", " : "")}{Name(e.Pathway)}" : "")
            + (e.NfaReason != NfaReason.Unspecified ? $" ({Name(e.NfaReason)})" : "")
            + (e.Rag != Rag.Unspecified ? $", {Name(e.Rag)}" : "")
            + (e.OverridesRecommendation ? "; overrides the recommendation (rationale recorded)" : "")
            + (e.AwaitingCountersignature ? "; awaiting a manager's countersignature" : "")
            + (e.AutoRoute ? "; decided by an auto_route rule" : "")
            + (e.SupersedesDecisionId.Length > 0 ? $"; corrects decision {e.SupersedesDecisionId}" : "")
            + By(e),
        DecisionCountersigned e => $"Decision {e.DecisionId} countersignature {(e.Approved ? "approved" : "refused")}" + By(e),
        ChildRouted e =>
            $"Routed to {Name(e.Pathway)}" + (e.NfaReason != NfaReason.Unspecified ? $" ({Name(e.NfaReason)})" : "")
            + $" by decision {e.DecisionId}, level {(int)e.Level}, {Name(e.Rag)}"
            + (e.Locality.Length > 0 ? $", locality {e.Locality}" : "")
            + (e.AutoRoute ? "; decided by an auto_route rule" : "")
            + (e.OverridesRecommendation ? "; overrides the recommendation" : "")
            + (e.AlreadyOpen ? $"; already open to {Name(e.OpenPathway)}" : "")
            + By(e),
        EarlyHelpEpisodeOpened e =>
            $"Early help episode {e.EpisodeId} opened ({Name(e.Origin)}) for {e.ChildIds.Count} child(ren)"
            + (e.Locality.Length > 0 ? $" in {e.Locality}" : "") + $"; lead professional due {Instant(e.LeadProfessionalDueAt)}" + By(e),
        EarlyHelpConsentRecorded e => $"Early help consent {Name(e.Decision)} for episode {e.EpisodeId}" + By(e),
        LeadProfessionalAllocated e =>
            $"Lead professional {e.LeadProfessionalId} of {e.Agency} ({Name(e.AgencyKind)}) allocated to episode {e.EpisodeId} ({Name(e.Mode)})"
            + (e.PreviousLeadProfessionalId.Length > 0 ? $"; replaces {e.PreviousLeadProfessionalId}" : "") + By(e),
        EarlyHelpAssessmentRecorded e =>
            $"Early help assessment {e.AssessmentId} for episode {e.EpisodeId} dated {Date(e.AssessmentDate)}, {e.Needs.Count} need(s)" + By(e),
        StepUpRequested e => $"Step-up requested from early help episode {e.EpisodeId}: new contact {e.NewContactId}" + By(e),
        EpisodeClosed e => $"Early help episode {e.EpisodeId} closed: {Name(e.Outcome)}" + By(e),
        CaseAllocated e =>
            $"Case {e.AllocationId} ({Name(e.Pathway)}) allocated to team {e.TeamId}, worker {e.WorkerId}"
            + (e.Locality.Length > 0 ? $" in {e.Locality}" : "")
            + (e.PreviousWorkerId.Length > 0 ? $"; reallocated from worker {e.PreviousWorkerId}" : "")
            + (e.AlreadyOpen ? "; already open to this worker" : "") + By(e),
        AllocationQueued e =>
            $"Case {e.AllocationId} ({Name(e.Pathway)}) queued{(e.TeamId.Length > 0 ? $" for team {e.TeamId}" : "")}: {Name(e.Reason)}"
            + (e.Locality.Length > 0 ? $", locality {e.Locality}" : "") + By(e),
        StepDownRequested e => $"Step-down to early help requested for case {e.AllocationId}, {e.Needs.Count} need(s)" + By(e),
        StrategyDiscussionRecorded e =>
            $"Strategy discussion for case {e.AllocationId} held {Instant(e.HeldAt)} with {e.ParticipantAgencies.Count} agencies: {Name(e.Outcome)}"
            + (e.InitialConferenceDue is not null ? $"; conference due {Date(e.InitialConferenceDue)}" : "") + By(e),
        InitialConferenceRecorded e =>
            $"Initial child protection conference for case {e.AllocationId} held {Instant(e.HeldAt)}: {Name(e.Outcome)}" + By(e),
        ChildSeenRecorded e => $"Child seen{(e.SeenAlone ? " alone" : "")} for case {e.AllocationId} at {Instant(e.SeenAt)}" + By(e),
        AssessmentCompleted e =>
            $"Assessment for case {e.AllocationId} completed {Instant(e.CompletedAt)}: {Name(e.Outcome)}, primary need {Name(e.PrimaryNeed)}"
            + (e.NoFactorsIdentified ? ", no factors identified" : $", {e.Factors.Count} factor(s)") + By(e),
        CaseCorrected e =>
            $"Case {e.AllocationId} corrected by decision {e.DecisionId} to {Name(e.Pathway)}" + (e.Closed ? "; the case is closed" : "") + By(e),
        ClockAtRisk e => $"Clock at risk: {Clock(e.Clock)}" + By(e),
        ClockBreached e => $"Clock breached: {Clock(e.Clock)}" + By(e),
        ClockMissReasonRecorded e => $"Why the clock was missed: {Name(e.Reason)}, for {Clock(e.Clock)}" + By(e),
        _ => null,
    };

    static string By(IEvent @event)
    {
        var actor = @event.Header?.Actor;
        if (actor is null || actor.Role == Role.Unspecified && actor.Subject.Length == 0) return "";
        return $" by {Name(actor.Role)} {actor.Subject}{(actor.Agency.Length > 0 ? $" ({actor.Agency})" : "")}".TrimEnd();
    }

    static string Referrer(ContactFacts? facts) =>
        facts is null ? "an unknown referrer"
        : string.IsNullOrEmpty(facts.ReferrerAgency) ? Name(facts.ReferralSource)
        : $"{facts.ReferrerAgency} ({Name(facts.ReferralSource)})";

    static string Recommendation(Recommendation? r) =>
        r is null ? "no recommendation"
        : $"level {(int)r.Level}, {Name(r.Pathway)}" + (r.NfaReason != NfaReason.Unspecified ? $" ({Name(r.NfaReason)})" : "")
          + $", {Name(r.Rag)}, decision due {Instant(r.DecisionDeadline)}, rule {r.WinningRuleId}"
          + (r.RuleSet is not null ? $" of {r.RuleSet.RuleSetId} v{r.RuleSet.Version}" : "")
          + (r.AutoRoute ? "; auto_route" : "");

    static string Clock(ClockDetails? c) =>
        c is null ? "no details"
        : $"{Name(c.Kind)} {c.ClockId}" + (c.SubjectId.Length > 0 ? $" ({c.SubjectId})" : "")
          + $", started {Instant(c.StartedAt)}, due {Instant(c.DueAt)}"
          + (c.Rag != Rag.Unspecified ? $", {Name(c.Rag)}" : "")
          + (c.HeldBy.Length > 0 ? $", held by {c.HeldBy}" : "");

    static string Name<T>(T value) where T : struct, System.Enum => EnumNames<T>.Instance.NameOf(value).Replace('_', ' ');

    static string Instant(Timestamp? t) =>
        t is null ? "unknown" : t.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    static string Date(Date? d) => d is null ? "unknown" : $"{d.Year:D4}-{d.Month:D2}-{d.Day:D2}";
}
