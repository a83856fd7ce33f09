using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Clocks;

/// <summary>
/// The statutory clocks of a case: strategy discussion (CP, same working day from routing), child
/// seen (5 working days from the referral), assessment (45 working days from the referral, Working Together to
/// Safeguard Children 2023), initial child protection conference (15 working days from the strategy
/// discussion that started a s47 enquiry, Working Together 2023). Same day and 5 days are this
/// product's defaults where the guidance leaves the timescale to local protocol.
/// Allowances are <see cref="ClockAllowances.Defaults"/>, deadlines <see cref="WorkingCalendar.Deadline"/>,
/// so audit and allocation agree on every due date. Allocation shows the clocks; audit raises the alerts.
/// </summary>
public static class StatutoryClocks
{
    /// <summary>
    /// The clocks a routing starts (<see cref="ClockAllowances.StartedByRouting"/>), each from its own
    /// start point (<see cref="ClockAllowances.StartOf"/>).
    /// </summary>
    public static IReadOnlyList<CaseClock> StartRouting(WorkingCalendar calendar, Pathway pathway, DateTimeOffset routedAt, DateTimeOffset? referredAt, bool unborn = false) =>
        [.. ClockAllowances.StartedByRouting(pathway, unborn).Select(kind => Start(calendar, kind, ClockAllowances.StartOf(kind, routedAt, referredAt)))];

    public static CaseClock Start(WorkingCalendar calendar, ClockKind kind, DateTimeOffset start) =>
        new(Guid.CreateVersion7(start), kind, start, calendar.Deadline(start, ClockAllowances.Defaults[kind]));

    /// <summary>Where a clock stands at <paramref name="now"/>.</summary>
    public static ClockState StateAt(CaseClock clock, DateTimeOffset now, WorkingCalendar calendar) =>
        StateAt(clock, now, AtRiskOf(clock, calendar));

    /// <summary>Where a clock stands at <paramref name="now"/>, given its at-risk instant (<see cref="AtRiskOf"/>).</summary>
    public static ClockState StateAt(CaseClock clock, DateTimeOffset now, DateTimeOffset? atRisk)
    {
        if (clock.CancelledAt is not null) return ClockState.Cancelled;
        if (clock.StoppedAt is { } stopped) return stopped <= clock.DueAt ? ClockState.Met : ClockState.Missed;
        if (now > clock.DueAt) return ClockState.Breached;
        if (now >= atRisk) return ClockState.AtRisk;
        return ClockState.Running;
    }

    /// <summary>When the clock is at risk (<see cref="WorkingCalendar.AtRisk"/>); null when it spans no office time.</summary>
    public static DateTimeOffset? AtRiskOf(CaseClock clock, WorkingCalendar calendar) => calendar.AtRisk(clock.StartedAt, clock.DueAt);

    /// <summary>The calendar date (Europe/London) of an instant, e.g. the last day an ICPC may be held on.</summary>
    public static NodaTime.LocalDate LondonDate(DateTimeOffset instant) =>
        NodaTime.Instant.FromDateTimeOffset(instant).InZone(WorkingCalendar.London).Date;
}
