using System.Collections.Concurrent;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Npgsql;

namespace Mash.Load;

/// <summary>What the trail and the bench know of one child, on the run's time line (ms).</summary>
public sealed class ChildTrack
{
    public string ContactId = "";
    public string Phase = "";
    public double Due = double.NaN;          // when the load schedule said to submit the contact
    public double Accepted = double.NaN;     // SubmitContact answered
    public double Triaged = double.NaN;      // ChildTriaged.occurred_at (thresholds)
    public double ScreenerSaw = double.NaN;  // the simulated screener received ChildTriaged
    public double Decided = double.NaN;      // DecisionRecorded.occurred_at
    public double Routed = double.NaN;       // ChildRouted.occurred_at
    public Pathway Pathway;
    public double OutcomeOccurred = double.NaN; // EarlyHelpEpisodeOpened / CaseAllocated / AllocationQueued (or ChildRouted NFA)
    public double OutcomeRecorded = double.NaN; // its trail_entries.recorded_at
    public double OutcomeSeen = double.NaN;     // when the bench's poll found the entry committed
    public string Outcome = "";
    public int Routings, Decisions, Allocations, Queued;

    public bool Done => !double.IsNaN(OutcomeSeen);
}

/// <summary>
/// Knows when the audit trail holds each child's outcome: polls audit's trail_entries (read-only,
/// as the administrator) for new entries past the last sequence seen, every few milliseconds.
/// Appends commit in sequence order (one chain lock held to commit), so nothing is skipped. An
/// outcome is "in the trail" when the child's ChildRouted entry and, for early help, its
/// EarlyHelpEpisodeOpened, for CIN/CP its CaseAllocated (or AllocationQueued when every worker of
/// the locality is at the cap) are both committed; NFA ends at ChildRouted. The time recorded is
/// when the poll that found it returned: late by at most one poll cycle (the resolution, reported).
/// </summary>
public sealed class TrailObserver(string auditReadOnly) : IAsyncDisposable
{
    const string Ns = "mash.events.v1.";
    static readonly string[] Types = [.. new[] { "ContactReceived", "ChildTriaged", "DecisionRecorded", "ChildRouted", "EarlyHelpEpisodeOpened", "CaseAllocated", "AllocationQueued" }.Select(t => Ns + t)];

    readonly ConcurrentDictionary<string, ChildTrack> _children = new();
    readonly ConcurrentDictionary<string, (double Occurred, double Recorded, int Count)> _contacts = new();
    readonly CancellationTokenSource _stop = new();
    Task? _loop;
    long _polls;
    double _pollMs;

    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Mean time between two polls (query included): the resolution of every "seen" time.</summary>
    public double ResolutionMs => _polls == 0 ? 0 : _pollMs / _polls;

    public long Entries { get; private set; }

    public ChildTrack Track(string childId) => _children.GetOrAdd(childId, _ => new ChildTrack());

    public IReadOnlyDictionary<string, ChildTrack> Children => _children;

    public IReadOnlyDictionary<string, (double Occurred, double Recorded, int Count)> Contacts => _contacts;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    async Task LoopAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(auditReadOnly);
        await connection.OpenAsync(cancellationToken);
        await using var query = new NpgsqlCommand(
            "SELECT sequence, event_type, contact_id, child_ids, occurred_at, recorded_at, CASE WHEN event_type = $3 THEN body END " +
            "FROM trail_entries WHERE sequence > $1 AND event_type = ANY($2) ORDER BY sequence LIMIT 20000", connection);
        var after = new NpgsqlParameter<long> { TypedValue = 0 };
        query.Parameters.Add(after);
        query.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Types });
        query.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Ns + "ChildRouted" });
        await query.PrepareAsync(cancellationToken);
        var last = RunClock.Now;
        while (!cancellationToken.IsCancellationRequested)
        {
            var rows = new List<(long, string, string, string[], DateTimeOffset, DateTimeOffset, byte[]?)>();
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                while (await reader.ReadAsync(cancellationToken))
                    rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3),
                        reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.IsDBNull(6) ? null : reader.GetFieldValue<byte[]>(6)));
            var seen = RunClock.Now;
            foreach (var row in rows) Apply(row, seen);
            if (rows.Count > 0) after.TypedValue = rows[^1].Item1;
            Entries += rows.Count;
            _polls++;
            _pollMs += seen - last;
            last = seen;
            if (rows.Count < 20000) await Task.Delay(Interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    void Apply((long Sequence, string Type, string ContactId, string[] ChildIds, DateTimeOffset Occurred, DateTimeOffset Recorded, byte[]? Body) row, double seen)
    {
        var occurred = RunClock.Of(row.Occurred);
        var recorded = RunClock.Of(row.Recorded);
        switch (row.Type[Ns.Length..])
        {
            case "ContactReceived":
                _contacts.AddOrUpdate(row.ContactId, (occurred, recorded, 1), (_, c) => (c.Occurred, c.Recorded, c.Count + 1));
                break;
            case "ChildTriaged":
                foreach (var child in row.ChildIds) { var t = Track(child); if (double.IsNaN(t.Triaged)) t.Triaged = occurred; }
                break;
            case "DecisionRecorded":
                foreach (var child in row.ChildIds) { var t = Track(child); t.Decided = occurred; t.Decisions++; }
                break;
            case "ChildRouted":
                var routed = ChildRouted.Parser.ParseFrom(row.Body);
                foreach (var child in row.ChildIds)
                {
                    var t = Track(child);
                    (t.Routed, t.Pathway) = (occurred, routed.Pathway);
                    t.Routings++;
                    if (routed.Pathway == Pathway.NoFurtherAction) Complete(t, "NFA " + routed.NfaReason, occurred, recorded, seen);
                    else if (!double.IsNaN(t.OutcomeOccurred)) t.OutcomeSeen = seen; // the outcome's entry came first
                }
                break;
            case "EarlyHelpEpisodeOpened":
                foreach (var child in row.ChildIds) Outcome(Track(child), "early help episode", occurred, recorded, seen);
                break;
            case "CaseAllocated":
                foreach (var child in row.ChildIds) { var t = Track(child); t.Allocations++; Outcome(t, "allocated", occurred, recorded, seen); }
                break;
            case "AllocationQueued":
                foreach (var child in row.ChildIds) { var t = Track(child); t.Queued++; Outcome(t, "queued (no capacity)", occurred, recorded, seen); }
                break;
        }
    }

    static void Outcome(ChildTrack t, string what, double occurred, double recorded, double seen)
    {
        if (!double.IsNaN(t.OutcomeOccurred)) return; // a sibling joining republishes the episode: the first one counts
        (t.Outcome, t.OutcomeOccurred, t.OutcomeRecorded) = (what, occurred, recorded);
        if (!double.IsNaN(t.Routed)) t.OutcomeSeen = seen;
    }

    static void Complete(ChildTrack t, string what, double occurred, double recorded, double seen)
    {
        if (!double.IsNaN(t.OutcomeOccurred)) return;
        (t.Outcome, t.OutcomeOccurred, t.OutcomeRecorded, t.OutcomeSeen) = (what, occurred, recorded, seen);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
