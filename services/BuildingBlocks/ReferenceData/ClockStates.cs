using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// Where a clock stands, one rule for every service that shows one: cancelled and stopped clocks
/// keep their outcome (met when stopped by its due, missed after it); a running clock is breached
/// from its due on (a working-day clock is due at the end of its last day, so the due itself is
/// already late) and at risk from its at-risk instant (<see cref="WorkingCalendar.AtRisk"/>).
/// </summary>
public static class ClockStates
{
    public static ClockState At(DateTimeOffset now, DateTimeOffset? dueAt, DateTimeOffset? atRiskAt,
        DateTimeOffset? stoppedAt = null, DateTimeOffset? cancelledAt = null) =>
        cancelledAt is not null ? ClockState.Cancelled
        : stoppedAt is { } stopped ? (dueAt is { } d && stopped > d ? ClockState.Missed : ClockState.Met)
        : dueAt is { } due && now >= due ? ClockState.Breached
        : atRiskAt is { } risk && now >= risk ? ClockState.AtRisk
        : ClockState.Running;

    /// <summary>Still counting down: running, at risk or breached (not stopped, not cancelled).</summary>
    public static bool IsRunning(ClockState state) => state is ClockState.Running or ClockState.AtRisk or ClockState.Breached;
}
