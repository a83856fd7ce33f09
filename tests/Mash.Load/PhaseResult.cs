namespace Mash.Load;

/// <summary>A stage of a child's way through the pipeline, as time from its contact's due time.</summary>
public sealed record Stage(string Name, Distribution FromDue);

/// <summary>The figures of one phase (an offered rate, or the maximum).</summary>
public sealed record PhaseResult(
    string Name,
    double OfferedPerSecond,
    double DurationSeconds,
    int ContactsSent,
    int ContactsAccepted,
    int Children,
    int ChildrenWithOutcome,
    double AcceptedPerSecond,
    double EndToEndContactsPerSecond,
    double EndToEndChildrenPerSecond,
    double DrainSeconds,
    Distribution SubmitContactMs,
    Distribution EndToEndMs,
    IReadOnlyList<Stage> Stages,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int> Errors,
    int Retries)
{
    public int Lost => Children - ChildrenWithOutcome;

    /// <summary>What a contact cost in this phase (load runs; null in a replay).</summary>
    public PhaseCost? Cost { get; init; }

    /// <summary>Audit's clock starts minus the events that started them, ms (load runs; null in a replay).</summary>
    public Distribution? ClockLagMs { get; init; }

    /// <summary>The queues that grew over the phase (load runs; null in a replay).</summary>
    public QueueBacklog? Backlog { get; init; }

    /// <summary>No queue ended the phase longer than it started (beyond messages in flight): only then is its end-to-end rate a rate the pipeline keeps up.</summary>
    public bool Sustained => Backlog?.Sustained ?? true;

    /// <summary>
    /// Figures of a phase once its children had their outcomes or the wait ran out. End-to-end
    /// throughput counts contacts whose every child reached the trail, over the time from the first
    /// due contact to the last outcome seen: a pipeline that falls behind shows it here and in the drain.
    /// </summary>
    public static PhaseResult Of(PhaseSubmissions sent, double offered, TrailObserver observer)
    {
        var children = sent.Children.Distinct().Select(id => observer.Children[id]).ToList();
        var done = children.Where(c => c.Done).ToList();
        var last = done.Count == 0 ? sent.SendEnd : done.Max(c => c.OutcomeSeen);
        var window = Math.Max(1, last - sent.Start) / 1000.0;
        var completeContacts = children.GroupBy(c => c.ContactId).Count(g => g.All(c => c.Done));
        var stages = new List<Stage>
        {
            new("SubmitContact answered", Distribution.Of(done.Select(c => c.Accepted - c.Due))),
            new("ChildTriaged (thresholds)", Distribution.Of(done.Where(c => !double.IsNaN(c.Triaged)).Select(c => c.Triaged - c.Due))),
            new("screener received ChildTriaged", Distribution.Of(done.Where(c => !double.IsNaN(c.ScreenerSaw)).Select(c => c.ScreenerSaw - c.Due))),
            new("DecisionRecorded (thresholds)", Distribution.Of(done.Where(c => !double.IsNaN(c.Decided)).Select(c => c.Decided - c.Due))),
            new("ChildRouted (thresholds)", Distribution.Of(done.Select(c => c.Routed - c.Due))),
            new("outcome event (early help / allocation)", Distribution.Of(done.Select(c => c.OutcomeOccurred - c.Due))),
            new("outcome appended to the audit trail", Distribution.Of(done.Select(c => c.OutcomeRecorded - c.Due))),
            new("outcome seen committed by the bench", Distribution.Of(done.Select(c => c.OutcomeSeen - c.Due))),
        };
        var errors = new Dictionary<string, int>(sent.Errors);

        return new PhaseResult(sent.Name, offered, (sent.SendEnd - sent.Start) / 1000.0, sent.Sent, sent.Contacts.Count, children.Count, done.Count,
            sent.Contacts.Count / Math.Max(0.001, (sent.SendEnd - sent.Start) / 1000.0),
            completeContacts / window, done.Count / window, Math.Max(0, last - sent.SendEnd) / 1000.0,
            Distribution.Of(sent.SubmitLatencies), Distribution.Of(done.Select(c => c.OutcomeSeen - c.Due)), stages,
            done.GroupBy(c => $"{c.Pathway}: {c.Outcome}").OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()), errors, sent.Retries);
    }
}
