using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using NodaTime;

namespace Mash.Allocation.Domain.Cases;

/// <summary>A strategy discussion's effect on the case, and for a s47 enquiry the last day the conference may be held.</summary>
public sealed record StrategyDiscussionChange(CaseChange Case, DateTimeOffset HeldAt, LocalDate? ConferenceDue);

/// <summary>
/// Child protection: the strategy discussion (police, health and children's social care; outcome
/// s47 enquiry, Child in Need instead, or no further action) and the initial child protection
/// conference. Pure: the caller loads the case and applies the change.
/// </summary>
public static class ChildProtectionRules
{
    /// <summary>The agencies Working Together expects at every strategy discussion.</summary>
    public static readonly AgencyKind[] RequiredAgencies = [AgencyKind.Police, AgencyKind.Health, AgencyKind.ChildrensSocialCare];

    /// <summary>
    /// Stops the same-working-day clock at held_at. A s47 enquiry starts the 15-working-day ICPC
    /// clock from held_at (a later s47 discussion restarts it: the conference runs from the last
    /// one); Child in Need instead turns the case into s17 work (child seen and assessment keep
    /// running from the referral, an ICPC clock no longer applies); no further action closes the case.
    /// </summary>
    public static Verdict<StrategyDiscussionChange> RecordStrategyDiscussion(
        RecordStrategyDiscussionRequest request, CaseState state, DateTimeOffset now, WorkingCalendar calendar)
    {
        var checks = new RequestChecks(now, state.Referral);
        var heldAt = checks.When(request.HeldAt, "held_at");
        CheckParticipants(checks, request.Participants);
        checks.Set(request.Outcome, "outcome");
        checks.Text(request.Notes, "notes", RequestChecks.MaxNotes);

        LocalDate? due = null;
        if (request.Outcome == StrategyOutcome.Section47Enquiry)
        {
            due = heldAt is { } held ? WorkingCalendar.LastDayOf(StatutoryClocks.Start(calendar, ClockKind.InitialChildProtectionConference, held, state.Allowances).DueAt) : null;
            CheckConferenceDate(checks, request.InitialConferenceDate, heldAt, due, calendar);
        }
        else if (request.InitialConferenceDate is not null)
            checks.Add("initial_conference_date", "is set only for a s47 enquiry (outcome section_47_enquiry)");
        if (checks.Violations.Count > 0) return Verdict<StrategyDiscussionChange>.Invalid(checks.Violations);

        if (state.NotOpen is { } ended) return Verdict<StrategyDiscussionChange>.Refused(ended);
        if (state.Pathway != Pathway.ChildProtection)
            return Verdict<StrategyDiscussionChange>.Refused("A strategy discussion is recorded on a child protection case only; this case is Child in Need (s17)");

        var at = heldAt!.Value;
        var change = state.Unchanged().Stop(ClockKind.StrategyDiscussion, at);
        change = request.Outcome switch
        {
            StrategyOutcome.Section47Enquiry => change.Cancel(ClockKind.InitialChildProtectionConference, now)
                .Add(StatutoryClocks.Start(calendar, ClockKind.InitialChildProtectionConference, at, state.Allowances)),
            StrategyOutcome.ChildInNeed => change.Cancel(ClockKind.InitialChildProtectionConference, now) with { Pathway = Pathway.ChildInNeed },
            _ => change.End(AllocationStatus.Closed, now),
        };
        return new StrategyDiscussionChange(change, at, due);
    }

    /// <summary>The conference held: stops the ICPC clock. Its outcome sets the plan the case continues under.</summary>
    public static Verdict<CaseChange> RecordInitialConference(RecordInitialConferenceRequest request, CaseState state, DateTimeOffset now)
    {
        var checks = new RequestChecks(now, state.Referral);
        var heldAt = checks.When(request.HeldAt, "held_at");
        checks.Set(request.Outcome, "outcome");
        checks.Text(request.Notes, "notes", RequestChecks.MaxNotes);
        var clock = state.Running(ClockKind.InitialChildProtectionConference);
        if (heldAt is { } held && clock is not null && held < clock.StartedAt)
            checks.Add("held_at", "must not be before the strategy discussion that started the s47 enquiry");
        if (checks.Violations.Count > 0) return Verdict<CaseChange>.Invalid(checks.Violations);

        if (state.NotOpen is { } ended) return Verdict<CaseChange>.Refused(ended);
        if (state.ConferenceHeld) return Verdict<CaseChange>.Refused("The initial child protection conference is already recorded");
        if (clock is null)
            return Verdict<CaseChange>.Refused("No s47 enquiry is open: an initial conference follows a strategy discussion that started one");

        var change = state.Unchanged().Stop(ClockKind.InitialChildProtectionConference, heldAt!.Value);
        return request.Outcome switch
        {
            ConferenceOutcome.ChildProtectionPlan => change with { Pathway = Pathway.ChildProtection },
            ConferenceOutcome.ChildInNeedPlan => change with { Pathway = Pathway.ChildInNeed },
            // No plan: the case stays open until the assessment closes it or steps it down.
            _ => change,
        };
    }

    static void CheckParticipants(RequestChecks checks, IReadOnlyList<Participant> participants)
    {
        if (participants.Count > RequestChecks.MaxItems) checks.Add("participants", $"at most {RequestChecks.MaxItems}");
        for (var i = 0; i < participants.Count; i++)
        {
            checks.Set(participants[i].AgencyKind, $"participants[{i}].agency_kind");
            checks.Text(participants[i].Agency, $"participants[{i}].agency", RequestChecks.MaxShortText);
            checks.Text(participants[i].Name, $"participants[{i}].name", RequestChecks.MaxShortText);
            checks.Text(participants[i].Role, $"participants[{i}].role", RequestChecks.MaxShortText);
        }
        var missing = RequiredAgencies.Where(a => participants.All(p => p.AgencyKind != a)).ToList();
        if (missing.Count > 0)
            checks.Add("participants", $"must include police, health and children's social care; missing: {string.Join(", ", missing.Select(EnumNames<AgencyKind>.Instance.NameOf))}");
    }

    static void CheckConferenceDate(RequestChecks checks, Date? date, DateTimeOffset? heldAt, LocalDate? due, WorkingCalendar calendar)
    {
        const string field = "initial_conference_date";
        if (date is null)
        {
            checks.Add(field, "is required for a s47 enquiry: the date the initial child protection conference is set for");
            return;
        }
        LocalDate day;
        try { day = new LocalDate(date.Year, date.Month, date.Day); }
        catch (ArgumentOutOfRangeException) { checks.Add(field, "is not a valid date"); return; }
        if (heldAt is not { } held || due is not { } last) return;
        if (day < StatutoryClocks.LondonDate(held)) checks.Add(field, "must not be before the strategy discussion");
        else if (day > last) checks.Add(field, $"must be within the time the rule set allows after the strategy discussion: {last:yyyy-MM-dd} at the latest");
        else if (!calendar.IsWorkingDay(day)) checks.Add(field, "must be a working day (not a weekend or bank holiday)");
    }
}
