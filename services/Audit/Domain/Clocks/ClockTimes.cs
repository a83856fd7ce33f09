using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Clocks;

/// <summary>The alerts of a running clock.</summary>
public enum ClockAlert { AtRisk, Breached }

/// <summary>
/// A clock's instants as known so far. A clock runs once both its start and its due are known;
/// at risk at 80% of the way from start to due (ClockAllowances.AtRiskAt), breached at the due.
/// </summary>
public sealed record ClockTimes(
    DateTimeOffset? StartedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? StoppedAt = null,
    DateTimeOffset? CancelledAt = null,
    DateTimeOffset? AtRiskRaisedAt = null,
    DateTimeOffset? BreachedRaisedAt = null)
{
    public DateTimeOffset? AtRiskAt => StartedAt is { } start && DueAt is { } due ? ClockAllowances.AtRiskAt(start, due) : null;

    public bool Running => StartedAt is not null && DueAt is not null && StoppedAt is null && CancelledAt is null;

    public ClockState StateAt(DateTimeOffset now) =>
        CancelledAt is not null ? ClockState.Cancelled
        : StoppedAt is { } stopped ? (DueAt is { } d && stopped > d ? ClockState.Missed : ClockState.Met)
        : DueAt is { } due && now >= due ? ClockState.Breached
        : AtRiskAt is { } risk && now >= risk ? ClockState.AtRisk
        : ClockState.Running;

    /// <summary>
    /// The alerts to raise now. Each is raised once; a clock found already past its due (audit was
    /// down through the at-risk window, or the events came late) raises only the breach.
    /// </summary>
    public IReadOnlyList<ClockAlert> AlertsDue(DateTimeOffset now)
    {
        if (!Running) return [];
        if (BreachedRaisedAt is null && now >= DueAt) return [ClockAlert.Breached];
        if (AtRiskRaisedAt is null && BreachedRaisedAt is null && now >= AtRiskAt) return [ClockAlert.AtRisk];
        return [];
    }

    /// <summary>The next instant an alert falls due, if any is still to come.</summary>
    public DateTimeOffset? NextAlertAt =>
        !Running || BreachedRaisedAt is not null ? null
        : AtRiskRaisedAt is null ? AtRiskAt
        : DueAt;
}
