namespace Mash.Load;

/// <summary>A queue of the pipeline that held more ready messages when a phase ended than when it started.</summary>
public sealed record QueueGain(string Queue, long Start, long End)
{
    public long Gained => End - Start;
}

/// <summary>
/// Whether a phase was sustained: every queue of the pipeline (audit's clocks and reports included)
/// ended it no longer than it started. "Ended" is the moment the trail held the phase's last outcome:
/// a pipeline that keeps up has its queues near empty then, one that fell behind has a backlog there
/// that the trail does not show. A message still on its way at that instant is not a backlog, so a
/// queue may gain up to <see cref="Slack"/> (about a second's worth of the phase's contacts).
/// </summary>
public sealed record QueueBacklog(IReadOnlyList<QueueGain> Gains, long Slack, IReadOnlyList<string> NotDrainedAtStart)
{
    public bool Sustained => Gains.All(g => g.Gained <= Slack);

    public static QueueBacklog Of(IReadOnlyDictionary<string, long> start, IReadOnlyDictionary<string, long> end, long slack) => new(
        [.. end.Select(q => new QueueGain(q.Key, start.GetValueOrDefault(q.Key), q.Value)).Where(g => g.Gained > 0).OrderByDescending(g => g.Gained).ThenBy(g => g.Queue, StringComparer.Ordinal)],
        slack,
        [.. start.Where(q => q.Value > 0).Select(q => $"{q.Key} {q.Value}").Order(StringComparer.Ordinal)]);

    /// <summary>One second of contacts at the phase's rate (at least one message): messages in flight, not a backlog.</summary>
    public static long SlackFor(double contactsPerSecond) => Math.Max(1, (long)Math.Ceiling(contactsPerSecond));
}
