using Mash.Audit.Domain.Clocks;

namespace Mash.Audit.Data;

/// <summary>
/// One timeliness clock as audit keeps it (see Data/Migrations/0004_clocks.sql). Every field an
/// event knows is set by that event, so a clock can be known in part (a stop before its start).
/// </summary>
public sealed class ClockRecord
{
    public required string ClockId { get; init; }
    /// <summary>mash.common.v1.ClockKind.</summary>
    public int Kind { get; init; }
    public string ContactId { get; set; } = "";
    public List<string> ChildIds { get; set; } = [];
    public string LocalAuthority { get; set; } = "";
    public string Locality { get; set; } = "";
    /// <summary>mash.common.v1.Rag.</summary>
    public int Rag { get; set; }
    public string SubjectId { get; set; } = "";
    public string HeldBy { get; set; } = "";
    public bool RaisedByAudit { get; init; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>When a fifth of its working time is left (WorkingCalendar.AtRisk; null when it spans no office time): kept as a column so the scheduler finds what falls due with an index.</summary>
    public DateTimeOffset? AtRiskAt { get; set; }
    public int DueEvaluation { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? AtRiskRaisedAt { get; set; }
    public DateTimeOffset? BreachedRaisedAt { get; set; }
    /// <summary>mash.common.v1.MissReason a manager gave (0: none yet), with the note, the manager's subject and when.</summary>
    public int MissReason { get; set; }
    public string MissNote { get; set; } = "";
    public string MissRecordedBy { get; set; } = "";
    public DateTimeOffset? MissRecordedAt { get; set; }

    public ClockTimes Times() => new(StartedAt, DueAt, AtRiskAt, StoppedAt, CancelledAt, AtRiskRaisedAt, BreachedRaisedAt);
}
