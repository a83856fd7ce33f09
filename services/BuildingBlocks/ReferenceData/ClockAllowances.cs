using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// The clocks after the front door (when one is at risk: <see cref="WorkingCalendar.AtRisk"/>). The 45-day assessment and the
/// 15-day initial conference are Working Together to Safeguard Children 2023's; the same-day
/// strategy discussion, the child seen within 5 working days and the lead professional within 48
/// working hours are this product's defaults for what the guidance leaves to local protocol.
/// One table, so early help, allocation and audit never disagree on a deadline.
/// </summary>
public static class ClockAllowances
{
    public static IReadOnlyDictionary<ClockKind, Allowance> Defaults { get; } = new Dictionary<ClockKind, Allowance>
    {
        // "Within 48 hours" of early help counts working hours: a Friday referral is not late on Sunday.
        [ClockKind.LeadProfessionalAllocated] = new(WorkingHours: 48),
        [ClockKind.StrategyDiscussion] = new(SameWorkingDay: true),
        [ClockKind.ChildSeen] = new(WorkingDays: 5),
        [ClockKind.InitialChildProtectionConference] = new(WorkingDays: 15),
        [ClockKind.AssessmentCompleted] = new(WorkingDays: 45),
    };

    /// <summary>
    /// The clocks a routing to social care starts, by pathway (the conference clock starts at a s47
    /// strategy discussion). An unborn child has no "child seen" clock: it could only breach; the
    /// pre-birth assessment and, for child protection, the strategy discussion are its steps.
    /// </summary>
    public static IReadOnlyList<ClockKind> StartedByRouting(Pathway pathway, bool unborn = false) => (pathway, unborn) switch
    {
        (Pathway.ChildProtection, false) => [ClockKind.StrategyDiscussion, ClockKind.ChildSeen, ClockKind.AssessmentCompleted],
        (Pathway.ChildProtection, true) => [ClockKind.StrategyDiscussion, ClockKind.AssessmentCompleted],
        (Pathway.ChildInNeed, false) => [ClockKind.ChildSeen, ClockKind.AssessmentCompleted],
        (Pathway.ChildInNeed, true) => [ClockKind.AssessmentCompleted],
        _ => [],
    };

    /// <summary>Whether the routed child was not yet born when referred (the contact gave an expected date of birth).</summary>
    public static bool Unborn(Mash.Contracts.Events.V1.ChildRouted routed) =>
        routed.BirthCase == Mash.Contracts.Events.V1.ChildRouted.BirthOneofCase.ExpectedDateOfBirth;

    /// <summary>
    /// When a clock a routing starts counts from. Child seen and assessment count from the point of
    /// referral (the receipt of the contact that became the referral, as Working Together and the
    /// CIN census count them), never from a later internal step; the strategy discussion from the
    /// routing, when the s47 threshold was found met. A routing that does not say when the referral
    /// came counts from itself.
    /// </summary>
    public static DateTimeOffset StartOf(ClockKind kind, DateTimeOffset routedAt, DateTimeOffset? referredAt) =>
        kind is ClockKind.ChildSeen or ClockKind.AssessmentCompleted && referredAt is { } referred && referred < routedAt ? referred : routedAt;
}
