using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Clocks;

/// <summary>The alerts of a running clock.</summary>
public enum ClockAlert { AtRisk, Breached }

/// <summary>
/// A clock's instants as known so far. A clock runs once both its start and its due are known;
/// at risk when a fifth of its working time is left (<see cref="WorkingCalendar.AtRisk"/>, worked
/// out by whoever makes the times; none for a clock with no office time), breached at the due.
/// </summary>
public sealed record ClockTimes(
    DateTimeOffset? StartedAt,
    DateTimeOffset? DueAt,
    DateTimeOffset? AtRiskAt,
    DateTimeOffset? StoppedAt = null,
    DateTimeOffset? CancelledAt = null,
    DateTimeOffset? AtRiskRaisedAt = null,
    DateTimeOffset? BreachedRaisedAt = null)
{
    /// <summary>The at-risk instant of a clock with these start and due, on the calendar.</summary>
    public static DateTimeOffset? AtRiskOf(DateTimeOffset? start, DateTimeOffset? due, WorkingCalendar calendar) =>
        start is { } s && due is { } d ? calendar.AtRisk(s, d) : null;

    public bool Running => StartedAt is not null && DueAt is not null && StoppedAt is null && CancelledAt is null;

    public ClockState StateAt(DateTimeOffset now) => ClockStates.At(now, DueAt, AtRiskAt, StoppedAt, CancelledAt);

    /// <summary>
    /// Missed by <paramref name="now"/>: its due has passed and it did not stop (nor stop applying)
    /// by then. A manager may say why (AuditService.RecordMissReason); the breach list shows it.
    /// </summary>
    public bool MissedBy(DateTimeOffset now) =>
        DueAt is { } due && due <= now && !(StoppedAt <= due) && !(CancelledAt <= due) && StartedAt is not null;

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
        : AtRiskRaisedAt is null && AtRiskAt is { } atRisk ? atRisk
        : DueAt;
}
