using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Cases;

/// <summary>A change stamped with when the thing happened (a visit, the end of an assessment).</summary>
public sealed record DatedChange(CaseChange Case, DateTimeOffset At);

/// <summary>
/// The social work on a case: visits (child seen), the assessment and its outcome, and stepping
/// the family down to early help. Pure: the caller loads the case and applies the change.
/// </summary>
public static class AssessmentRules
{
    /// <summary>The first visit stops the 5-working-day clock; later visits are recorded only.</summary>
    public static Verdict<DatedChange> RecordChildSeen(RecordChildSeenRequest request, CaseState state, DateTimeOffset now)
    {
        var checks = new RequestChecks(now, state.Referral);
        var seenAt = checks.When(request.SeenAt, "seen_at");
        checks.Text(request.Notes, "notes", RequestChecks.MaxNotes);
        if (checks.Violations.Count > 0) return Verdict<DatedChange>.Invalid(checks.Violations);
        if (state.NotOpen is { } ended) return Verdict<DatedChange>.Refused(ended);
        return new DatedChange(state.Unchanged().Stop(ClockKind.ChildSeen, seenAt!.Value), seenAt.Value);
    }

    /// <summary>
    /// The assessment, once per case: stops the 45-working-day clock. A Child in Need plan carries
    /// the case on as s17 (a strategy discussion or conference clock no longer applies); a
    /// conference makes it child protection work (from s17, the strategy discussion clock starts
    /// now, as at a routing to CP); step-down and closure end the case. Census: the factors
    /// identified, or "no factors" (code 21), which goes only with closure and never with factors.
    /// </summary>
    public static Verdict<DatedChange> CompleteAssessment(CompleteAssessmentRequest request, CaseState state, DateTimeOffset now, WorkingCalendar calendar)
    {
        var checks = new RequestChecks(now, state.Referral);
        var completedAt = request.CompletedAt is null ? now : checks.When(request.CompletedAt, "completed_at");
        checks.Set(request.Outcome, "outcome");
        checks.Set(request.PrimaryNeed, "primary_need");
        checks.Facts(request.Factors, "factors");
        if (request.NoFactorsIdentified && request.Factors.Count > 0)
            checks.Add("no_factors_identified", "is never combined with factors (census code 21 means none were identified)");
        else if (request.NoFactorsIdentified && request.Outcome != AssessmentOutcome.Close)
            checks.Add("no_factors_identified", "goes only with closure (outcome close)");
        else if (!request.NoFactorsIdentified && request.Factors.Count == 0)
            checks.Add("factors", "list the census factors identified, or set no_factors_identified when closing with none");
        checks.Text(request.Summary, "summary", RequestChecks.MaxNotes);
        if (request.Outcome == AssessmentOutcome.StepDownToEarlyHelp)
        {
            checks.Text(request.StepDownReason, "step_down_reason", RequestChecks.MaxReason, required: true);
            checks.Concerns(request.StepDownNeeds, "step_down_needs");
        }
        else
        {
            if (request.StepDownReason.Length > 0) checks.Add("step_down_reason", "is given only with the outcome step_down_to_early_help");
            if (request.StepDownNeeds.Count > 0) checks.Add("step_down_needs", "are given only with the outcome step_down_to_early_help");
        }
        if (checks.Violations.Count > 0) return Verdict<DatedChange>.Invalid(checks.Violations);

        if (state.NotOpen is { } ended) return Verdict<DatedChange>.Refused(ended);
        if (state.AssessmentCompleted) return Verdict<DatedChange>.Refused("The assessment of this case is already completed");

        var at = completedAt!.Value;
        var change = state.Unchanged().Stop(ClockKind.AssessmentCompleted, at);
        change = request.Outcome switch
        {
            AssessmentOutcome.ChildInNeedPlan => change.Cancel(ClockKind.StrategyDiscussion, now)
                .Cancel(ClockKind.InitialChildProtectionConference, now) with { Pathway = Pathway.ChildInNeed },
            AssessmentOutcome.ChildProtectionConference when state.Pathway == Pathway.ChildInNeed =>
                change.Add(StatutoryClocks.Start(calendar, ClockKind.StrategyDiscussion, at, state.Allowances)) with { Pathway = Pathway.ChildProtection },
            AssessmentOutcome.ChildProtectionConference => change,
            AssessmentOutcome.StepDownToEarlyHelp => change.End(AllocationStatus.SteppedDown, now),
            _ => change.End(AllocationStatus.Closed, now),
        };
        return new DatedChange(change, at);
    }

    /// <summary>Steps the family down to early help without re-screening: the case ends and its clocks no longer apply.</summary>
    public static Verdict<CaseChange> RequestStepDown(RequestStepDownRequest request, CaseState state, DateTimeOffset now)
    {
        var checks = new RequestChecks(now, state.Referral);
        checks.Text(request.Reason, "reason", RequestChecks.MaxReason, required: true);
        checks.Concerns(request.Needs, "needs");
        if (checks.Violations.Count > 0) return Verdict<CaseChange>.Invalid(checks.Violations);
        if (state.NotOpen is { } ended) return Verdict<CaseChange>.Refused(ended);
        return state.Unchanged().End(AllocationStatus.SteppedDown, now);
    }
}
