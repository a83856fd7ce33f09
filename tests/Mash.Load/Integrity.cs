using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mash.Testing;

namespace Mash.Load;

/// <summary>Nothing lost, nothing duplicated: each check with what it found.</summary>
public sealed record Integrity(IReadOnlyList<string> Problems, IReadOnlyDictionary<string, long> Counts)
{
    public bool Ok => Problems.Count == 0;

    /// <summary>
    /// Every accepted contact is in intake's store once and in the trail once (ContactReceived);
    /// every child was decided once, routed once and reached its outcome (at most one allocation
    /// or queueing); every submission was accepted; no message sits in an _error queue.
    /// </summary>
    public static async Task<Integrity> CheckAsync(LoadPipeline pipeline, TrailObserver observer, IReadOnlyCollection<PhaseSubmissions> phases,
        IReadOnlyDictionary<string, int> screenerErrors)
    {
        var problems = new List<string>();
        var contacts = phases.SelectMany(p => p.Contacts).ToList();
        var children = phases.SelectMany(p => p.Children).ToList();
        var sent = phases.Sum(p => p.Sent);
        void Expect(bool ok, string problem) { if (!ok) problems.Add(problem); }

        Expect(contacts.Count == sent, $"{sent - contacts.Count} of {sent} submissions were not accepted: {string.Join("; ", phases.SelectMany(p => p.Errors).Select(e => $"{e.Value}x {e.Key}"))}");
        Expect(contacts.Distinct().Count() == contacts.Count, "intake answered two submissions with the same contact id");
        var intakeContacts = await Sql.CountAsync(pipeline.ReadOnly("Intake"), "SELECT count(*) FROM contacts");
        var intakeChildren = await Sql.CountAsync(pipeline.ReadOnly("Intake"), "SELECT count(*) FROM contact_children");
        Expect(intakeContacts == contacts.Count, $"intake stores {intakeContacts} contacts for {contacts.Count} accepted");
        Expect(intakeChildren == children.Count, $"intake stores {intakeChildren} children for {children.Count} accepted");

        var notInTrail = contacts.Count(c => !observer.Contacts.ContainsKey(c));
        var twiceInTrail = observer.Contacts.Values.Count(c => c.Count > 1);
        Expect(notInTrail == 0, $"{notInTrail} contacts never reached the trail (ContactReceived)");
        Expect(twiceInTrail == 0, $"{twiceInTrail} contacts are in the trail more than once");

        var tracks = children.Select(id => observer.Children[id]).ToList();
        int Count(Func<ChildTrack, bool> p) => tracks.Count(p);
        var lost = Count(t => !t.Done);
        Expect(lost == 0, $"{lost} children did not reach their outcome in the trail");
        Expect(Count(t => t.Routings > 1) == 0, $"{Count(t => t.Routings > 1)} children were routed more than once");
        Expect(Count(t => t.Decisions > 1) == 0, $"{Count(t => t.Decisions > 1)} children were decided more than once");
        Expect(Count(t => t.Allocations > 1 || t.Queued > 1) == 0, $"{Count(t => t.Allocations > 1 || t.Queued > 1)} children were allocated or queued more than once");
        Expect(screenerErrors.Count == 0, $"the screener's decisions failed: {string.Join("; ", screenerErrors.Select(e => $"{e.Value}x {e.Key}"))}");

        var queues = await QueuesAsync(pipeline);
        var errorQueues = queues.Where(q => q.IsError && q.Messages > 0).ToList();
        Expect(errorQueues.Count == 0, $"messages in error queues: {string.Join(", ", errorQueues.Select(q => $"{q.Name} {q.Messages}"))}");

        var counts = new Dictionary<string, long>
        {
            ["submissions"] = sent, ["contacts accepted"] = contacts.Count, ["children"] = children.Count,
            ["contacts in intake"] = intakeContacts, ["children in intake"] = intakeChildren,
            ["contacts in trail"] = contacts.Count(observer.Contacts.ContainsKey), ["children with outcome in trail"] = tracks.Count - lost,
            ["trail entries read"] = observer.Entries,
            // What a contact costs the broker, and what was still to do when the outcomes were in:
            // not a loss (the messages are queued, durable), but work the end-to-end figure leaves out.
            ["messages routed to the services' queues"] = queues.Sum(q => q.Routed),
        };
        foreach (var q in queues.Where(q => q.Messages > 0 && !q.IsError))
            counts[$"still queued at the end: {q.Name}"] = q.Messages;
        return new Integrity(problems, counts);
    }

    sealed record QueueState(string Name, long Messages, long Routed)
    {
        /// <summary>MassTransit's dead letters for the endpoint of the same name.</summary>
        public bool IsError => Name.EndsWith("_error", StringComparison.Ordinal);
    }

    /// <summary>
    /// Every queue of the run's vhost but the bench's own screener's: how many messages were routed to it (RabbitMQ management API,
    /// whose counters lag by seconds) and how many it holds now (asked of the broker itself).
    /// </summary>
    static async Task<List<QueueState>> QueuesAsync(LoadPipeline pipeline)
    {
        var s = pipeline.Servers;
        using var http = new HttpClient { BaseAddress = new Uri($"http://{s.RabbitHost}:{s.RabbitManagementPort}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{s.RabbitUser}:{s.RabbitPassword}")));
        var queues = await http.GetFromJsonAsync<JsonElement[]>($"queues/{Uri.EscapeDataString(pipeline.VirtualHost)}?columns=name,message_stats.publish") ?? [];
        var found = new List<QueueState>();
        foreach (var q in queues)
        {
            var name = q.GetProperty("name").GetString() ?? "";
            if (name == Screener.QueueName) continue;
            var routed = q.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("publish", out var publish) ? publish.GetInt64() : 0;
            found.Add(new QueueState(name, await pipeline.QueueDepthAsync(name), routed));
        }
        return found;
    }
}
