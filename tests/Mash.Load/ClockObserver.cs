using System.Collections.Concurrent;
using Mash.Contracts.Common.V1;
using Npgsql;

namespace Mash.Load;

/// <summary>
/// Clock lag: how long after the event that starts a clock audit's clocks table holds it started
/// (the bench's first sight of the row with started_at set, minus started_at, the starting event's
/// time). A case's clocks reach audit only once allocation announces them (its own events carry
/// them), a hop the trail's outcome times do not show. Clocks whose start is backdated are left out: the lead
/// professional clock (from the child's routing, not the EarlyHelpEpisodeOpened that starts it),
/// and child seen and assessment (from the point of referral, not the routing that starts them).
/// Polls the table (read-only, as the administrator) for row versions written since the last poll:
/// those whose xmin is at least the oldest transaction then still running, so a late commit is not missed.
/// </summary>
public sealed class ClockObserver(string auditReadOnly) : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, (string ContactId, double LagMs)> _started = new();
    readonly CancellationTokenSource _stop = new();
    Task? _loop;

    /// <summary>Between two polls: the lag's resolution. Clocks are judged in seconds (target p99 ≤ 2 s), so a light poll suffices.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(250);

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>The lag of every clock of <paramref name="contacts"/> seen started so far, in ms.</summary>
    public Distribution LagOf(IEnumerable<string> contacts)
    {
        var wanted = contacts.ToHashSet();
        return Distribution.Of(_started.Values.Where(c => wanted.Contains(c.ContactId)).Select(c => c.LagMs));
    }

    async Task LoopAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(auditReadOnly);
        await connection.OpenAsync(cancellationToken);
        // 32-bit transaction ids: a run never sees them wrap.
        await using var horizon = new NpgsqlCommand("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint % 4294967296", connection);
        await using var query = new NpgsqlCommand(
            "SELECT clock_id, contact_id, started_at FROM clocks WHERE started_at IS NOT NULL AND kind <> ALL($2) AND xmin::text::bigint >= $1", connection);
        var since = new NpgsqlParameter<long> { TypedValue = 0 };
        query.Parameters.Add(since);
        query.Parameters.Add(new NpgsqlParameter<int[]>
        {
            TypedValue = [(int)ClockKind.LeadProfessionalAllocated, (int)ClockKind.ChildSeen, (int)ClockKind.AssessmentCompleted],
        });
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var next = (long)(await horizon.ExecuteScalarAsync(cancellationToken))!;
                await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                {
                    var seen = RunClock.Now;
                    while (await reader.ReadAsync(cancellationToken))
                        _started.TryAdd(reader.GetString(0), (reader.GetString(1), seen - RunClock.Of(reader.GetFieldValue<DateTimeOffset>(2))));
                }
                since.TypedValue = next;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { } // audit still migrating
            await Task.Delay(Interval, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
