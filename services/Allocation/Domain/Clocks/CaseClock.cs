using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Clocks;

/// <summary>
/// One statutory clock of a case: when it started, when it is due, and whether it has stopped (the
/// awaited thing happened) or been cancelled (it no longer applies).
/// </summary>
public sealed record CaseClock(Guid Id, ClockKind Kind, DateTimeOffset StartedAt, DateTimeOffset DueAt,
    DateTimeOffset? StoppedAt = null, DateTimeOffset? CancelledAt = null)
{
    public bool Running => StoppedAt is null && CancelledAt is null;
}
