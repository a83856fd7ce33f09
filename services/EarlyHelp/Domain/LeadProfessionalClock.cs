using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>An alert a running clock owes: at risk (a fifth of its working time left) or breached (past due).</summary>
public enum ClockAlert { AtRisk, Breached }

/// <summary>
/// The 48-hour lead professional clock of an episode: 48 working hours from routing, counted in office
/// hours of working days (ClockAllowances, WorkingCalendar), at risk when a fifth of them is left.
/// A lead professional taking the family on stops it (met or missed); closing without one cancels it.
/// </summary>
public static class LeadProfessionalClock
{
    /// <summary>The allowance the rule set gave (the routing carries it), else the default 48 working hours.</summary>
    public static Allowance AllowanceOf(IEnumerable<ClockAllowance> given) => ClockAllowances.With(given)[ClockKind.LeadProfessionalAllocated];

    public static Clock Start(Guid clockId, DateTimeOffset routedAt, WorkingCalendar calendar, Allowance allowance) => new Clock
    {
        ClockId = clockId.ToString(),
        Kind = ClockKind.LeadProfessionalAllocated,
        State = ClockState.Running,
        StartedAt = Timestamp.FromDateTimeOffset(routedAt),
        DueAt = Timestamp.FromDateTimeOffset(calendar.Deadline(routedAt, allowance)),
    }.WithAtRisk(calendar);

    static Clock WithAtRisk(this Clock clock, WorkingCalendar calendar)
    {
        if (calendar.AtRisk(clock.StartedAt.ToDateTimeOffset(), clock.DueAt.ToDateTimeOffset()) is { } atRisk)
            clock.AtRiskAt = Timestamp.FromDateTimeOffset(atRisk);
        return clock;
    }

    /// <summary>When the clock is at risk; its due when it has no at-risk point of its own (it then only breaches).</summary>
    public static DateTimeOffset AtRiskAt(Clock clock) => (clock.AtRiskAt ?? clock.DueAt).ToDateTimeOffset();

    public static bool IsRunning(Clock clock) => clock.State is ClockState.Running or ClockState.AtRisk or ClockState.Breached;

    /// <summary>
    /// The alerts a clock owes at <paramref name="now"/> and the state it moves to. Each alert is owed
    /// once: a clock already at risk owes only the breach, a breached or stopped clock owes nothing.
    /// </summary>
    public static (IReadOnlyList<ClockAlert> Alerts, ClockState State) Due(Clock clock, DateTimeOffset now)
    {
        var alerts = new List<ClockAlert>();
        var state = clock.State;
        if (state == ClockState.Running && now >= AtRiskAt(clock))
        {
            alerts.Add(ClockAlert.AtRisk);
            state = ClockState.AtRisk;
        }
        if (state == ClockState.AtRisk && now >= clock.DueAt.ToDateTimeOffset())
        {
            alerts.Add(ClockAlert.Breached);
            state = ClockState.Breached;
        }
        return (alerts, state);
    }

    /// <summary>A lead professional took the family on: met on or before the deadline, missed after it.</summary>
    public static void Stop(Clock clock, DateTimeOffset at)
    {
        if (!IsRunning(clock)) return;
        clock.State = at <= clock.DueAt.ToDateTimeOffset() ? ClockState.Met : ClockState.Missed;
        clock.StoppedAt = Timestamp.FromDateTimeOffset(at);
    }

    /// <summary>The episode closed before anyone was allocated: the clock no longer applies.</summary>
    public static void Cancel(Clock clock, DateTimeOffset at)
    {
        if (!IsRunning(clock)) return;
        clock.State = ClockState.Cancelled;
        clock.StoppedAt = Timestamp.FromDateTimeOffset(at);
    }
}
