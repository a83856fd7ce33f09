using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// The clocks after the front door (when one is at risk: <see cref="WorkingCalendar.AtRisk"/>). The 45-day assessment and the
/// 15-day initial conference are Working Together to Safeguard Children 2023's; the same-day
/// strategy discussion, the child seen within 5 working days and the lead professional within 48
/// working hours are this product's defaults for what the guidance leaves to local protocol.
/// One table, so early help, allocation and audit never disagree on a deadline. Which clocks a case
/// runs, and from when, is the owner's (allocation's StatutoryClocks, early help's LeadProfessionalClock).
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
}
