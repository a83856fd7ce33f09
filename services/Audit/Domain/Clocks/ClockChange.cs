using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Clocks;

/// <summary>Who and what a clock is about, as far as the event that touches it knows.</summary>
public sealed record ClockSubject(
    string ContactId = "",
    IReadOnlyList<string>? ChildIds = null,
    string LocalAuthority = "",
    string Locality = "",
    Rag Rag = Rag.Unspecified,
    string SubjectId = "",
    string HeldBy = "")
{
    public IReadOnlyList<string> Children => ChildIds ?? [];
}

/// <summary>What one event does to the clock table. Applied by Clocks/ClockBook, in any order of arrival.</summary>
public abstract record ClockChange(ClockKind Kind);

/// <summary>
/// A clock starts (or, if a stop arrived first, gets its start). A provisional due (the MASH
/// decision before triage) never replaces a due already known.
/// </summary>
public sealed record StartClock(string ClockId, ClockKind Kind, ClockSubject Subject, DateTimeOffset StartedAt, DateTimeOffset DueAt,
    bool ProvisionalDue = false, bool RaisedByAudit = true) : ClockChange(Kind);

/// <summary>The MASH decision deadline from a triage; a later evaluation replaces an earlier one only.</summary>
public sealed record SetDeadline(string ClockId, ClockKind Kind, ClockSubject Subject, DateTimeOffset DueAt, int Evaluation) : ClockChange(Kind);

/// <summary>The awaited thing happened (or, if its start has not arrived yet, will have happened when it does).</summary>
public sealed record StopClock(string ClockId, ClockKind Kind, DateTimeOffset StoppedAt, ClockSubject Subject) : ClockChange(Kind);

/// <summary>
/// A clock no longer applies, if it has not stopped. A withdrawal cancels even a clock whose start
/// has not arrived yet.
/// </summary>
public sealed record CancelClock(string ClockId, ClockKind Kind, DateTimeOffset At, ClockSubject Subject) : ClockChange(Kind);

/// <summary>
/// A case clock audit worked out itself, before allocation announced a case's clocks (its id is
/// kind, contact and child): the case's own clock of that kind replaces it, so it stops running
/// if it still is. Nothing when there is no such row.
/// </summary>
public sealed record RetireClock(string ClockId, ClockKind Kind, DateTimeOffset At) : ClockChange(Kind);

/// <summary>Every running clock of this kind on the contact no longer applies (the agency checks of a withdrawn contact).</summary>
public sealed record CancelContactClocks(ClockKind Kind, string ContactId, DateTimeOffset At) : ClockChange(Kind);

/// <summary>
/// Who should act now on the child's case clocks (a team or worker), and the case they belong to:
/// the running ones, and those that start later. An older allocation never replaces a newer one.
/// </summary>
public sealed record HoldClocks(IReadOnlyList<ClockKind> Kinds, string ContactId, string ChildId, string HeldBy, string SubjectId, DateTimeOffset At)
    : ClockChange(ClockKind.Unspecified);

/// <summary>Another service raised an alert for a clock it runs (Early Help's lead professional clock).</summary>
public sealed record RecordAlert(string ClockId, ClockKind Kind, ClockSubject Subject, DateTimeOffset StartedAt, DateTimeOffset DueAt,
    bool Breached, DateTimeOffset RaisedAt) : ClockChange(Kind);
