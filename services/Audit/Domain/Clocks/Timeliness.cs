using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Clocks;

/// <summary>A clock as the timeliness report counts it.</summary>
public sealed record ReportedClock(ClockKind Kind, Rag Rag, DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? StoppedAt, DateTimeOffset? CancelledAt,
    MissReason MissReason = MissReason.Unspecified);

/// <param name="MedianWorking">Working time (office hours of working days) from start to stop; the elapsed figures are wall-clock time.</param>
/// <param name="MissReasons">Of the clocks missed (stopped late, or open past their due), how many for each reason a manager gave.</param>
public sealed record ClockFigures(ClockKind Kind, long Count, long OnTime, double OnTimeShare, TimeSpan? MedianElapsed, TimeSpan? P90Elapsed, long Open, long OpenBreached,
    TimeSpan? MedianWorking = null, TimeSpan? P90Working = null, IReadOnlyList<(MissReason Reason, long Clocks)>? MissReasons = null);

public sealed record RagFigures(Rag Rag, long Decisions, long WithinOneWorkingDay, double Share);

/// <summary>
/// The timeliness figures of the clocks started in a period, as they stood at <c>asOf</c> (the
/// end of the period, or now if that is earlier). A clock stopped by then counts (on time when it
/// stopped by its due); one still running is open (breached once its due has passed); a cancelled
/// clock (contact withdrawn, pathway changed) is neither.
/// </summary>
public static class Timeliness
{
    public static readonly Allowance OneWorkingDay = new(WorkingDays: 1);

    public static IReadOnlyList<ClockFigures> ByClock(IEnumerable<ReportedClock> clocks, WorkingCalendar calendar, DateTimeOffset asOf)
    {
        var byKind = clocks.Where(c => !(c.CancelledAt <= asOf)).ToLookup(c => c.Kind);
        return Enum.GetValues<ClockKind>().Where(k => k != ClockKind.Unspecified).Select(kind =>
        {
            var stopped = byKind[kind].Where(c => c.StoppedAt <= asOf).ToList();
            var open = byKind[kind].Where(c => !(c.StoppedAt <= asOf)).ToList();
            var elapsed = stopped.Select(c => c.StoppedAt!.Value - c.StartedAt).Order().ToList();
            var working = stopped.Select(c => calendar.OfficeTimeBetween(c.StartedAt, c.StoppedAt!.Value).ToTimeSpan()).Order().ToList();
            var onTime = stopped.Count(c => c.StoppedAt <= c.DueAt);
            var openBreached = open.Where(c => c.DueAt < asOf).ToList();
            var missed = stopped.Where(c => c.StoppedAt > c.DueAt).Concat(openBreached);
            var reasons = missed.GroupBy(c => c.MissReason).OrderBy(g => g.Key).Select(g => (g.Key, (long)g.Count())).ToList();
            return new ClockFigures(kind, stopped.Count, onTime, Share(onTime, stopped.Count),
                Percentile(elapsed, 0.5), Percentile(elapsed, 0.9), open.Count, openBreached.Count,
                Percentile(working, 0.5), Percentile(working, 0.9), reasons);
        }).ToList();
    }

    /// <summary>MASH decisions made by <paramref name="asOf"/>, by the RAG decided, and how many within one working day of the contact.</summary>
    public static IReadOnlyList<RagFigures> DecisionsByRag(IEnumerable<ReportedClock> clocks, WorkingCalendar calendar, DateTimeOffset asOf)
    {
        var decided = clocks.Where(c => c.Kind == ClockKind.MashDecision && c.StoppedAt <= asOf && !(c.CancelledAt <= asOf)).ToLookup(c => c.Rag);
        return new[] { Rag.Red, Rag.Amber, Rag.Green }.Select(rag =>
        {
            var decisions = decided[rag].ToList();
            var within = decisions.Count(c => c.StoppedAt <= calendar.Deadline(c.StartedAt, OneWorkingDay));
            return new RagFigures(rag, decisions.Count, within, Share(within, decisions.Count));
        }).ToList();
    }

    /// <summary>The p-quantile of sorted values, interpolating between the two nearest ranks (as a spreadsheet's PERCENTILE.INC); null when empty.</summary>
    public static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double p)
    {
        if (sorted.Count == 0) return null;
        var rank = p * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + TimeSpan.FromTicks((long)Math.Round((sorted[upper] - sorted[lower]).Ticks * (rank - lower)));
    }

    static double Share(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
