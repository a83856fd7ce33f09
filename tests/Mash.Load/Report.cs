using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mash.Load;

public sealed record Target(string Name, string Measured, bool Met);

public sealed record Ratio(string Name, double Value, string Meaning);

/// <summary>Everything a run found: written as JSON (for machines) and Markdown (for the README).</summary>
public sealed record LoadReport(
    string Kind,
    DateTimeOffset StartedAt,
    double ElapsedSeconds,
    string Command,
    Machine Machine,
    string LoadAverageAtEnd,
    ServiceSettings Settings,
    double ResolutionMs,
    IReadOnlyList<PhaseResult> Phases,
    IReadOnlyList<Baseline> Baselines,
    IReadOnlyList<Ratio> Ratios,
    IReadOnlyList<Target> Targets,
    Integrity Integrity,
    IReadOnlyDictionary<string, string> Notes)
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writes &lt;kind&gt;-&lt;timestamp&gt;.{json,md} into <paramref name="folder"/> and, when asked, <paramref name="latest"/>.{json,md}.</summary>
    public IReadOnlyList<string> Write(string folder, string? latest)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{Kind}-{StartedAt.UtcDateTime:yyyyMMdd-HHmmss}");
        var json = JsonSerializer.Serialize(this, Json);
        var markdown = Markdown();
        File.WriteAllText(stem + ".json", json);
        File.WriteAllText(stem + ".md", markdown);
        var written = new List<string> { stem + ".json", stem + ".md" };
        if (latest is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(latest)!);
            File.WriteAllText(latest + ".json", json);
            File.WriteAllText(latest + ".md", markdown);
            written.AddRange([latest + ".json", latest + ".md"]);
        }
        return written;
    }

    static string F(double v, string format = "0.0") => double.IsNaN(v) ? "-" : v.ToString(format, CultureInfo.InvariantCulture);

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# Mash {Kind} run, {StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC").AppendLine();
        md.AppendLine($"`{Command}`, {F(ElapsedSeconds, "0")} s in all.").AppendLine();
        md.AppendLine($"- Machine: {Machine.Cpu}, {Machine.Cores} cores, {Machine.Os}, {Machine.Runtime}; every part (five services, PostgreSQL, RabbitMQ, this load generator) on it.");
        md.AppendLine($"- Load average (1/5/15 min): {Machine.LoadAverage} at the start, {LoadAverageAtEnd} at the end.");
        md.AppendLine($"- Services: Npgsql pool {Settings.PoolSize} per service, RabbitMQ prefetch {Settings.PrefetchCount} and {Settings.ConsumedAtOnce} consumed at once per receive endpoint, outbox batch {Settings.OutboxBatchSize}, outbox poll {Settings.OutboxPollInterval}.");
        md.AppendLine($"- End-to-end resolution: the trail is polled every {F(ResolutionMs)} ms on average (an outcome is seen at most that late).");
        foreach (var (k, v) in Notes) md.AppendLine($"- {k}: {v}");
        md.AppendLine();

        if (Targets.Count > 0)
        {
            md.AppendLine("## Targets").AppendLine().AppendLine("| target | measured | met |").AppendLine("|---|---|:-:|");
            foreach (var t in Targets) md.AppendLine($"| {t.Name} | {t.Measured} | {(t.Met ? "yes" : "**no**")} |");
            md.AppendLine();
        }

        md.AppendLine("## Throughput and latency").AppendLine();
        md.AppendLine("| phase | offered /s | accepted /s | end-to-end contacts /s | children /s | drain s | SubmitContact p50 / p95 / p99 ms | end-to-end p50 / p95 / p99 / max ms | contacts | children | lost | sent again |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var p in Phases)
            md.AppendLine($"| {p.Name} | {(p.OfferedPerSecond > 0 ? F(p.OfferedPerSecond, "0") : "closed loop")} | {F(p.AcceptedPerSecond)} | {(p.Sustained ? F(p.EndToEndContactsPerSecond) : $"~~{F(p.EndToEndContactsPerSecond)}~~ not sustained")} | {F(p.EndToEndChildrenPerSecond)} | {F(p.DrainSeconds)} | " +
                $"{F(p.SubmitContactMs.P50)} / {F(p.SubmitContactMs.P95)} / {F(p.SubmitContactMs.P99)} | {F(p.EndToEndMs.P50, "0")} / {F(p.EndToEndMs.P95, "0")} / {F(p.EndToEndMs.P99, "0")} / {F(p.EndToEndMs.Max, "0")} | {p.ContactsAccepted} | {p.Children} | {p.Lost} | {p.Retries} |");
        md.AppendLine();
        md.AppendLine("Latency runs from each contact's *scheduled* send time (open loop), so a stall cannot hide the contacts queued behind it; a closed-loop phase (the maximum, or the year replay's window of contacts on their way) measures from the actual send. End to end = until the bench saw the child's allocation, early help episode or NFA routing committed in audit's trail. Sent again: calls that got no answer within 60 s (or found intake unreachable) and were sent again with the same idempotency key, as a partner's system does.").AppendLine();

        md.Append(PhaseCostTable.Markdown(Phases));

        md.AppendLine("## Where the time goes (ms from the scheduled send, p50 / p99)").AppendLine();
        md.AppendLine("| stage | " + string.Join(" | ", Phases.Select(p => p.Name)) + " |");
        md.AppendLine("|---|" + string.Concat(Phases.Select(_ => "--:|")));
        foreach (var stage in Phases.FirstOrDefault()?.Stages.Select(s => s.Name) ?? [])
            md.AppendLine($"| {stage} | " + string.Join(" | ", Phases.Select(p => p.Stages.First(s => s.Name == stage).FromDue).Select(d => $"{F(d.P50, "0")} / {F(d.P99, "0")}")) + " |");
        md.AppendLine();

        if (Baselines.Count > 0)
        {
            md.AppendLine("## Baselines (same run, same host)").AppendLine();
            md.AppendLine("| baseline | what | latency at offered /s: p50 / p99 ms | most per second |").AppendLine("|---|---|--:|--:|");
            foreach (var b in Baselines)
                md.AppendLine($"| {b.Name} | {b.What} | at {F(b.OfferedPerSecond, "0")}/s: {F(b.LatencyMs.P50, "0.00")} / {F(b.LatencyMs.P99, "0.00")} | {F(b.MaxPerSecond, "0")} |");
            md.AppendLine();
        }
        if (Ratios.Count > 0)
        {
            md.AppendLine("| ratio | value | meaning |").AppendLine("|---|--:|---|");
            foreach (var r in Ratios) md.AppendLine($"| {r.Name} | {F(r.Value, "0.00")} | {r.Meaning} |");
            md.AppendLine();
        }

        md.AppendLine("## Outcomes").AppendLine().AppendLine("| pathway: outcome | children |").AppendLine("|---|--:|");
        foreach (var (k, v) in Phases.SelectMany(p => p.Outcomes).GroupBy(o => o.Key).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(o => o.Value))))
            md.AppendLine($"| {k} | {v} |");
        md.AppendLine();

        md.AppendLine("## Nothing lost, nothing duplicated").AppendLine();
        foreach (var (k, v) in Integrity.Counts) md.AppendLine($"- {k}: {v}");
        md.AppendLine(Integrity.Ok ? "- **Every check passed.**" : "- **FAILED:** " + string.Join("; ", Integrity.Problems));
        return md.ToString();
    }
}
