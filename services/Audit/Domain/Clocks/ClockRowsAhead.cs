using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Clocks;

/// <summary>
/// The clock rows a group of changes will lock, known before any is applied: those a change creates
/// when missing (a start, a deadline, a stop or cancellation, an alert), those it only changes if
/// they exist (a clock a case's own replaces), and the children
/// whose case clocks start or change holder (a case lock each). Sorted, so two transactions that
/// lock ahead take the same rows in the same order and cannot deadlock on them.
/// </summary>
public sealed record ClockRowsAhead(
    IReadOnlyList<(string ClockId, ClockKind Kind, bool RaisedByAudit)> Created,
    IReadOnlyList<string> Existing,
    IReadOnlyList<string> Cases)
{
    public static ClockRowsAhead Of(IEnumerable<ClockChange> changes)
    {
        var created = new SortedDictionary<string, (ClockKind, bool)>(StringComparer.Ordinal);
        var existing = new SortedSet<string>(StringComparer.Ordinal);
        var cases = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            switch (change)
            {
                case StartClock start:
                    created.TryAdd(start.ClockId, (start.Kind, start.RaisedByAudit));
                    if (ClockPlan.CaseClocks.Contains(start.Kind) && start.Subject.Children.Count == 1) cases.Add(start.Subject.Children[0]);
                    break;
                case SetDeadline deadline: created.TryAdd(deadline.ClockId, (deadline.Kind, true)); break;
                case StopClock stop: created.TryAdd(stop.ClockId, (stop.Kind, ClockPlan.RaisedByAudit(stop.Kind))); break;
                case CancelClock cancel: created.TryAdd(cancel.ClockId, (cancel.Kind, ClockPlan.RaisedByAudit(cancel.Kind))); break;
                case RecordAlert alert: created.TryAdd(alert.ClockId, (alert.Kind, false)); break;
                case RetireClock retire: existing.Add(retire.ClockId); break;
                case HoldClocks hold: cases.Add(hold.ChildId); break;
            }
        }
        existing.ExceptWith(created.Keys);
        return new([.. created.Select(c => (c.Key, c.Value.Item1, c.Value.Item2))], [.. existing], [.. cases]);
    }
}
