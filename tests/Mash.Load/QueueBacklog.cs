namespace Mash.Load;

/// <summary>A queue of the pipeline that held more ready messages when a phase ended than when it started.</summary>
public sealed record QueueGain(string Queue, long Start, long End)
{
    public long Gained => End - Start;
}

/// <summary>
/// Whether a phase was sustained: every queue of the pipeline (audit's trail, clocks and reports
/// included) ended it no longer than it started. The phase ends when its last contact has been sent
/// (and answered), plus a second: a pipeline that keeps up has its queues near empty then, one that
/// fell behind holds the backlog it will spend the drain on. Reading the queues later, once the
/// trail had the last outcome, hid exactly that: the backlog was gone by then, however long the
/// drain took (a 50/s phase that drained for 50 s was called sustained). A message still on its way
/// is not a backlog, so a queue may gain up to <see cref="Slack"/>: one second of the busiest
/// queue's traffic in the phase.
/// </summary>
public sealed record QueueBacklog(IReadOnlyList<QueueGain> Gains, long Slack, IReadOnlyList<string> NotDrainedAtStart)
{
    public bool Sustained => Gains.All(g => g.Gained <= Slack);

    public static QueueBacklog Of(IReadOnlyDictionary<string, long> start, IReadOnlyDictionary<string, long> end, long slack) => new(
        [.. end.Select(q => new QueueGain(q.Key, start.GetValueOrDefault(q.Key), q.Value)).Where(g => g.Gained > 0).OrderByDescending(g => g.Gained).ThenBy(g => g.Queue, StringComparer.Ordinal)],
        slack,
        [.. start.Where(q => q.Value > 0).Select(q => $"{q.Key} {q.Value}").Order(StringComparer.Ordinal)]);

    /// <summary>
    /// One second of the busiest queue's traffic (at least one message): contacts a second at the
    /// phase's rate times that queue's deliveries per contact. Messages in flight, not a backlog.
    /// </summary>
    public static long SlackFor(double contactsPerSecond, double busiestQueueDeliveriesPerContact = 1) =>
        Math.Max(1, (long)Math.Ceiling(contactsPerSecond * Math.Max(1, busiestQueueDeliveriesPerContact)));
}
