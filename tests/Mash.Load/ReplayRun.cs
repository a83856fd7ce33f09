using System.Globalization;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Testing;

namespace Mash.Load;

/// <summary>
/// `deploy/mash replay`: a year of one large authority's contacts (about 6,000 a month, 72,000 by
/// default) through the whole pipeline at a steady offered rate, then every outcome checked, the
/// tally by pathway, and the whole trail verified with audit's VerifyTrail.
/// </summary>
public static class ReplayRun
{
    public static async Task<int> RunAsync(Options options)
    {
        var count = options.Int("--contacts", 72_000);
        // Windowed by default (see LoadDriver.WindowedAsync); --rate R sends open loop at R/s instead.
        var rate = options.Double("--rate", 0);
        var window = options.Int("--in-flight", 200);
        var runId = "replay-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

        await using var harness = await Harness.StartAsync(options, runId);
        var started = RunClock.Now;
        Harness.Log(rate > 0
            ? $"replaying {count} contacts ({count / 12.0:0} a month for a year) at {rate:0}/s offered: about {count / rate / 60:0.0} minutes of sending"
            : $"replaying {count} contacts ({count / 12.0:0} a month for a year), at most {window} on their way end to end at once");

        using var progress = new CancellationTokenSource();
        var progressTask = ReportProgressAsync(harness.Observer, count, progress.Token);
        var sent = rate > 0
            ? await harness.Driver.OpenLoopAsync("year", Schedule.Fixed(rate, count))
            : await harness.Driver.WindowedAsync("year", count, window, harness.DrainTimeout);
        await harness.DrainAsync(sent);
        await progress.CancelAsync();
        await progressTask;
        var pipelineSeconds = (RunClock.Now - started) / 1000.0;
        var phase = Harness.Summarise(sent, rate, harness.Observer);

        Harness.Log("verifying the whole trail (audit VerifyTrail, all)");
        var verifyStart = RunClock.Now;
        var auditor = new AuditService.AuditServiceClient(harness.Pipeline.Audit.Channel.WithBearerToken(TestIdentity.Token(Role.Auditor, "", harness.Authority)));
        var verified = await auditor.VerifyTrailAsync(new VerifyTrailRequest { All = true }, deadline: DateTime.UtcNow.AddMinutes(30));
        var verifySeconds = (RunClock.Now - verifyStart) / 1000.0;
        Harness.Log($"  trail {(verified.Valid ? "valid" : "BROKEN")}: {verified.EntriesChecked} entries checked in {verifySeconds:0.0} s");

        var integrity = await Integrity.CheckAsync(harness.Pipeline, harness.Observer, [sent], harness.Screener.Errors);
        if (!verified.Valid)
            integrity = integrity with { Problems = [.. integrity.Problems, $"VerifyTrail: broken at entry {verified.FirstBroken?.Sequence} ({verified.FirstBroken?.Problem})"] };
        var byPathway = phase.Outcomes.GroupBy(o => o.Key.Split(':')[0]).ToDictionary(g => g.Key, g => g.Sum(o => o.Value));
        var report = new LoadReport("replay", harness.StartedAt, (RunClock.Now - started) / 1000.0,
            $"deploy/mash bench replay --contacts {count} " + (rate > 0 ? $"--rate {rate:0}" : $"--in-flight {window}"), harness.Machine, Machine.LoadAverageNow(), harness.Settings,
            harness.Observer.ResolutionMs, [phase], [], [], [], integrity,
            new Dictionary<string, string>
            {
                ["Year"] = $"{count} contacts ({count / 12.0:0} a month) with {phase.Children} children of one authority ({harness.Authority}), " +
                           $"through the pipeline in {pipelineSeconds:0} s ({pipelineSeconds / 60:0.0} min) at {phase.EndToEndContactsPerSecond:0.0} contacts/s end to end",
                ["Outcomes by pathway"] = string.Join(", ", byPathway.Select(p => $"{p.Key} {p.Value}")),
                ["Trail verified"] = $"{(verified.Valid ? "valid" : "BROKEN")}: {verified.EntriesChecked} entries re-hashed by VerifyTrail in {verifySeconds:0.0} s",
                ["Receipt times"] = "intake stamps each contact's receipt itself (the API has no way to back-date one), so the year is replayed compressed: " +
                                    "receipt, decision and clock times are those of the run; the contacts' ages and dates are the year's",
            });
        return harness.Finish(report, "replay");
    }

    static async Task ReportProgressAsync(TrailObserver observer, int count, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Harness.Log($"  {observer.Contacts.Count} of {count} contacts in the trail, {observer.Children.Values.Count(c => c.Done)} children with their outcome");
        }
    }
}
