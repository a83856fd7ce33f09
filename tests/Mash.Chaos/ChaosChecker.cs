using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Npgsql;

namespace Mash.Chaos;

/// <summary>One line of the tally: what should be there, what is, and which ids are off.</summary>
public sealed record TallyRow(string Check, long Expected, long Found, IReadOnlyList<string> Offending)
{
    public bool Ok => Offending.Count == 0;
}

public sealed record ChaosReport(IReadOnlyList<TallyRow> Rows)
{
    public bool Ok => Rows.All(r => r.Ok);

    public void Print(TextWriter output, int idsPerRow = 10)
    {
        var width = Rows.Max(r => r.Check.Length);
        output.WriteLine($"{"check".PadRight(width)}  {"expected",9}  {"found",9}  result");
        output.WriteLine(new string('-', width + 34));
        foreach (var row in Rows)
            output.WriteLine($"{row.Check.PadRight(width)}  {row.Expected,9}  {row.Found,9}  {(row.Ok ? "ok" : $"DISCREPANCY ({row.Offending.Count})")}");
        foreach (var row in Rows.Where(r => !r.Ok))
        {
            output.WriteLine();
            output.WriteLine($"{row.Check}: {row.Offending.Count} off" + (row.Offending.Count > idsPerRow ? $", the first {idsPerRow}:" : ":"));
            foreach (var id in row.Offending.Take(idsPerRow)) output.WriteLine($"  {id}");
        }
    }
}

/// <summary>
/// After a chaos run: waits until nothing is left to move (every outbox empty, every queue but the
/// error queues drained), then compares what the partner and the screener were told with what each
/// service's database and audit's trail hold. Per accepted contact exactly one contact row; per
/// child exactly one current decision, and exactly one allocation (CIN, CP) or early help episode
/// membership (EH), none for NFA; each event once in the trail, which verifies; no message in an
/// error queue.
/// </summary>
public static class ChaosChecker
{
    static readonly string[] TrailTypes = ["ContactReceived", "ChildTriaged", "ChildRouted", "CaseAllocated", "AllocationQueued", "EarlyHelpEpisodeOpened"];

    sealed record ChildKey(Guid ContactId, Guid ChildId)
    {
        public override string ToString() => $"contact {ContactId} child {ChildId}";
    }

    public static async Task<ChaosReport> CheckAsync(ServicePipeline pipeline, ChaosOptions options, ChaosOutcome outcome, TimeSpan quiescence, TextWriter log)
    {
        NpgsqlConnection.ClearAllPools(); // connections from before a PostgreSQL restart are dead
        using var management = Management(pipeline);
        var rows = new List<TallyRow>();
        var pending = await AwaitQuiescenceAsync(pipeline, management, quiescence, log);
        rows.Add(new("outbox rows and queued messages left", 0, pending.Count, pending));

        var accepted = outcome.Accepted;
        rows.Add(new("contacts accepted (SubmitContact OK)", options.Contacts, accepted.Count, outcome.Failures));
        var children = accepted.SelectMany(a => a.ChildIds.Select(c => new ChildKey(Guid.Parse(a.ContactId), Guid.Parse(c)))).ToList();
        var expectedChildren = accepted.Sum(a => a.Planned.Request.Children.Count);

        // Intake: one row per accepted contact (by agency and idempotency key), its children, their status.
        var contactRows = await ReadAsync(pipeline.IntakeDb, "SELECT id, agency, idempotency_key FROM contacts",
            r => (Id: r.GetGuid(0), Agency: r.GetString(1), Key: r.GetString(2)));
        var rowsByKey = contactRows.ToLookup(c => (c.Agency, c.Key));
        rows.Add(Row("contact rows, one per accepted contact", accepted.Count, accepted, a =>
        {
            var stored = rowsByKey[(a.Planned.Agency, a.Planned.Key)].ToList();
            return stored.Count == 1 && stored[0].Id.ToString() == a.ContactId ? null : $"{a.Planned.Key}: {stored.Count} rows ({string.Join(", ", stored.Select(s => s.Id))}), accepted as {a.ContactId}";
        }));
        var acceptedKeys = accepted.Select(a => (a.Planned.Agency, a.Planned.Key)).ToHashSet();
        var strays = contactRows.Where(c => !acceptedKeys.Contains((c.Agency, c.Key))).Select(c => $"{c.Key} (contact {c.Id})").ToList();
        rows.Add(new("contact rows never acknowledged", 0, strays.Count, strays));

        var intakeChildren = (await ReadAsync(pipeline.IntakeDb, "SELECT contact_id, child_id, status, pathway FROM contact_children",
            r => (Key: new ChildKey(r.GetGuid(0), r.GetGuid(1)), Status: (ChildStatus)r.GetInt32(2), Pathway: (Pathway)r.GetInt32(3)))).ToLookup(c => c.Key);
        rows.Add(Row("children stored by intake", expectedChildren, children, c => Single(intakeChildren[c].Count(), "intake rows")));
        var acceptedContactIds = accepted.Select(a => Guid.Parse(a.ContactId)).ToHashSet();
        var strayChildren = intakeChildren.Where(g => !acceptedContactIds.Contains(g.Key.ContactId) || !children.Contains(g.Key)).Select(g => g.Key.ToString()).ToList();

        // Thresholds: triaged once, exactly one decision, in effect and routing.
        var triaged = (await ReadAsync(pipeline.ThresholdsDb, "SELECT contact_id, child_id FROM triage_items",
            r => new ChildKey(r.GetGuid(0), r.GetGuid(1)))).ToLookup(k => k);
        rows.Add(Row("children triaged by thresholds", expectedChildren, children, c => Single(triaged[c].Count(), "triage items")));
        var decisions = (await ReadAsync(pipeline.ThresholdsDb, "SELECT contact_id, child_id, state, decision FROM decisions",
            r => (Key: new ChildKey(r.GetGuid(0), r.GetGuid(1)), State: (DecisionState)r.GetInt32(2), Decision: Decision.Parser.ParseFrom(r.GetFieldValue<byte[]>(3)))))
            .ToLookup(d => d.Key);
        var pathways = new Dictionary<ChildKey, Pathway>();
        rows.Add(Row("one current decision per child", expectedChildren, children, c =>
        {
            var all = decisions[c].ToList();
            var current = all.Where(d => d.State == DecisionState.InEffect && d.Decision.Pathway != Pathway.Unspecified).ToList();
            if (current.Count == 1) pathways[c] = current[0].Decision.Pathway;
            return all.Count == 1 && current.Count == 1 ? null : $"{c}: {all.Count} decisions, {current.Count} in effect";
        }));
        var seen = outcome.Decided.ToLookup(d => new ChildKey(Guid.Parse(d.ContactId), Guid.Parse(d.ChildId)));
        rows.Add(Row("decisions as the screener was told", expectedChildren, children, c =>
            seen[c].ToList() is [var d] && pathways.GetValueOrDefault(c) == d.Pathway ? null
                : $"{c}: screener saw {string.Join(", ", seen[c].Select(s => s.Pathway))}, stored {pathways.GetValueOrDefault(c)}"));
        rows.Add(Row("intake shows each child's routing", expectedChildren, children, c =>
            intakeChildren[c].FirstOrDefault() is { Status: ChildStatus.Routed or ChildStatus.Closed } i && i.Pathway == pathways.GetValueOrDefault(c) ? null
                : $"{c}: intake has {string.Join(", ", intakeChildren[c].Select(i => $"{i.Status} {i.Pathway}"))}, decided {pathways.GetValueOrDefault(c)}"));

        // Allocation and early help: exactly one case or episode membership where routed there, none elsewhere.
        var cases = (await ReadAsync(pipeline.AllocationDb, "SELECT contact_id, child_id FROM allocations", r => new ChildKey(r.GetGuid(0), r.GetGuid(1)))).ToLookup(k => k);
        var memberships = (await ReadAsync(pipeline.EarlyHelpDb, "SELECT child_id FROM episode_children", r => r.GetGuid(0))).ToLookup(k => k);
        bool Statutory(ChildKey c) => pathways.GetValueOrDefault(c) is Pathway.ChildInNeed or Pathway.ChildProtection;
        bool EarlyHelp(ChildKey c) => pathways.GetValueOrDefault(c) == Pathway.EarlyHelp;
        bool Nfa(ChildKey c) => pathways.GetValueOrDefault(c) == Pathway.NoFurtherAction;
        var statutory = children.Where(Statutory).ToList();
        rows.Add(Row("allocations, one per CIN/CP child", statutory.Count, statutory, c => Single(cases[c].Count(), "allocations")));
        var earlyHelp = children.Where(EarlyHelp).ToList();
        rows.Add(Row("early help memberships, one per EH child", earlyHelp.Count, earlyHelp, c => Single(memberships[c.ChildId].Count(), "episode memberships")));
        var nfa = children.Where(Nfa).ToList();
        rows.Add(Row("NFA children closed: no case, no episode", nfa.Count, nfa, c =>
            cases[c].Any() || memberships[c.ChildId].Any() ? $"{c}: {cases[c].Count()} allocations, {memberships[c.ChildId].Count()} episode memberships" : null));
        var childIds = children.Select(c => c.ChildId).ToHashSet();
        strayChildren.AddRange(cases.Where(g => !children.Contains(g.Key)).Select(g => $"allocation of {g.Key}"));
        strayChildren.AddRange(memberships.Where(g => !childIds.Contains(g.Key)).Select(g => $"episode membership of child {g.Key}"));
        strayChildren.AddRange(children.Where(c => !Statutory(c) && cases[c].Any() || !EarlyHelp(c) && memberships[c.ChildId].Any()).Select(c => $"{c} placed off its pathway"));
        rows.Add(new("children, cases or episodes nobody submitted", 0, strayChildren.Count, strayChildren));

        // Audit: every event once, each child's story complete, the chain intact.
        var trail = await ReadAsync(pipeline.AuditDb,
            $"SELECT event_type, contact_id, child_ids FROM trail_entries WHERE event_type = ANY(@types)",
            r => (Type: r.GetString(0)["mash.events.v1.".Length..], ContactId: r.GetString(1), ChildIds: r.GetFieldValue<string[]>(2)),
            ("types", TrailTypes.Select(t => $"mash.events.v1.{t}").ToArray()));
        var received = trail.Where(t => t.Type == "ContactReceived").ToLookup(t => t.ContactId);
        rows.Add(Row("trail: ContactReceived once per contact", accepted.Count, accepted, a => Single(received[a.ContactId].Count(), "ContactReceived entries")));
        var perChild = trail.Where(t => t.Type != "ContactReceived").SelectMany(t => t.ChildIds.Select(c => (Child: c, t.Type))).ToLookup(t => (t.Child, t.Type));
        rows.Add(Row("trail: ChildRouted once per child", expectedChildren, children, c => Single(perChild[(c.ChildId.ToString(), "ChildRouted")].Count(), "ChildRouted entries")));
        rows.Add(Row("trail: each child triaged and placed", expectedChildren, children, c =>
        {
            var id = c.ChildId.ToString();
            var missing = new List<string>();
            if (!perChild[(id, "ChildTriaged")].Any()) missing.Add("ChildTriaged");
            if (Statutory(c) && !perChild[(id, "CaseAllocated")].Any() && !perChild[(id, "AllocationQueued")].Any()) missing.Add("CaseAllocated or AllocationQueued");
            if (EarlyHelp(c) && !perChild[(id, "EarlyHelpEpisodeOpened")].Any()) missing.Add("EarlyHelpEpisodeOpened");
            return missing.Count == 0 ? null : $"{c}: no {string.Join(", ", missing)}";
        }));
        var duplicates = await ReadAsync(pipeline.AuditDb, "SELECT event_id::text || ' ' || count(*) || ' times' FROM trail_entries GROUP BY event_id HAVING count(*) > 1", r => r.GetString(0));
        var entries = await Sql.CountAsync(pipeline.AuditDb, "SELECT count(*) FROM trail_entries");
        rows.Add(new("trail: entries with a duplicated event id", 0, duplicates.Count, duplicates));
        foreach (var hub in accepted.Select(a => a.Planned.Hub).Distinct().Order())
        {
            var verified = await Retry.UntilAnsweredAsync(
                deadline => new AuditService.AuditServiceClient(pipeline.Audit.As(Role.Manager, "", hub)).VerifyTrailAsync(new VerifyTrailRequest { All = true }, deadline: deadline).ResponseAsync,
                DateTime.UtcNow.AddMinutes(2), () => { }, CancellationToken.None);
            rows.Add(new($"VerifyTrail(all) as {hub}'s manager", entries, verified.EntriesChecked, verified.Valid ? []
                : [$"broken at entry {verified.FirstBroken.Sequence} (event {verified.FirstBroken.EventId}): {verified.FirstBroken.Problem}"]));
        }

        var errors = (await QueuesAsync(management, pipeline.VirtualHost)).Where(q => IsErrorQueue(q.Name) && q.Messages > 0).Select(q => $"{q.Name}: {q.Messages} messages").ToList();
        rows.Add(new("messages in error queues", 0, errors.Count, errors));
        return new ChaosReport(rows);
    }

    /// <summary>A row over <paramref name="items"/>: each judged by <paramref name="problem"/> (null when right).</summary>
    static TallyRow Row<T>(string check, long expected, IEnumerable<T> items, Func<T, string?> problem)
    {
        var list = items.ToList();
        var offending = list.Select(problem).OfType<string>().ToList();
        var found = list.Count - offending.Count;
        return new TallyRow(check, expected, found, expected == list.Count ? offending : [$"{list.Count} checked, {expected} expected", .. offending]);
    }

    static string? Single(int count, string what) => count == 1 ? null : $"{count} {what}";

    /// <summary>Waits until every outbox is empty and every queue but the error queues holds nothing, three looks in a row; what was left otherwise.</summary>
    static async Task<List<string>> AwaitQuiescenceAsync(ServicePipeline pipeline, HttpClient management, TimeSpan timeout, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        var calm = 0;
        var left = new List<string>();
        while (clock.Elapsed < timeout)
        {
            left.Clear();
            foreach (var (name, db) in new[] { ("intake", pipeline.IntakeDb), ("thresholds", pipeline.ThresholdsDb), ("earlyhelp", pipeline.EarlyHelpDb), ("allocation", pipeline.AllocationDb), ("audit", pipeline.AuditDb) })
            {
                try
                {
                    var n = await Sql.CountAsync(db, "SELECT count(*) FROM outbox_messages");
                    if (n > 0) left.Add($"{name} outbox: {n} events");
                }
                catch (NpgsqlException e) { left.Add($"{name} database: {e.Message}"); NpgsqlConnection.ClearAllPools(); }
            }
            try { left.AddRange((await QueuesAsync(management, pipeline.VirtualHost)).Where(q => !IsErrorQueue(q.Name) && q.Messages > 0).Select(q => $"queue {q.Name}: {q.Messages} messages")); }
            catch (HttpRequestException e) { left.Add($"RabbitMQ management: {e.Message}"); }
            calm = left.Count == 0 ? calm + 1 : 0;
            if (calm == 3)
            {
                log.WriteLine($"quiescent after {clock.Elapsed.TotalSeconds:0} s of waiting");
                return [];
            }
            if (left.Count > 0 && clock.Elapsed.Seconds % 30 < 3) log.WriteLine($"waiting for quiescence: {string.Join("; ", left.Take(4))}");
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        return left;
    }

    static bool IsErrorQueue(string name) => name.EndsWith("_error", StringComparison.Ordinal) || name.EndsWith("_skipped", StringComparison.Ordinal);

    sealed record QueueInfo(string Name, long Messages);

    static HttpClient Management(ServicePipeline pipeline)
    {
        var servers = pipeline.Servers;
        var client = new HttpClient { BaseAddress = new Uri($"http://{servers.RabbitHost}:{servers.RabbitManagementPort}/api/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{servers.RabbitUser}:{servers.RabbitPassword}")));
        return client;
    }

    static async Task<List<QueueInfo>> QueuesAsync(HttpClient management, string vhost) =>
        (await management.GetFromJsonAsync<List<QueueStats>>($"queues/{Uri.EscapeDataString(vhost)}?columns=name,messages"))!
            .Select(q => new QueueInfo(q.name, q.messages ?? 0)).ToList();

#pragma warning disable IDE1006 // the management API's JSON names
    sealed record QueueStats(string name, long? messages);
#pragma warning restore IDE1006

    static async Task<List<T>> ReadAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> map, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(map(reader));
        return rows;
    }
}
