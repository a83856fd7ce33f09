namespace Mash.Load;

/// <summary>
/// The targets of issue 18 ("A lean pipeline"), each judged from the phases that measure it; a
/// target whose phase the run did not have (other --rates) is left out rather than guessed.
/// An end-to-end figure counts only from a sustained phase (no queue gained a backlog) that lost nothing.
/// </summary>
public static class LoadTargets
{
    public const double Deliveries = 10, Commits = 8, Statements = 60, CpuMs = 25;

    public static IReadOnlyList<Target> Of(IReadOnlyList<PhaseResult> phases)
    {
        var targets = new List<Target>();
        static bool Whole(PhaseResult p) => p.Lost == 0 && p.ContactsAccepted == p.ContactsSent;
        static string Kept(PhaseResult p) => p.Sustained ? "" : ", not sustained";

        // ≥ 75/s for 60 s: the best end-to-end rate of a phase offered at least that much (or the maximum).
        var fast = phases.Where(p => p.OfferedPerSecond >= 75 || p.OfferedPerSecond == 0).ToList();
        if (fast.Count > 0)
        {
            var best = fast.Where(p => p.Sustained && Whole(p)).MaxBy(p => p.EndToEndContactsPerSecond);
            var shown = best ?? fast.MaxBy(p => p.EndToEndContactsPerSecond)!;
            targets.Add(new("≥ 75 contacts/s end to end, sustained 60 s",
                $"{shown.EndToEndContactsPerSecond:0.0} contacts/s ({shown.Name}, {shown.DurationSeconds:0} s, lost {shown.Lost}{Kept(shown)})",
                best is not null && best.EndToEndContactsPerSecond >= 75 && best.DurationSeconds >= 59));
        }
        if (phases.FirstOrDefault(p => p.Name == "50/s") is { } at50)
        {
            targets.Add(new("end-to-end p99 ≤ 1 s at 50/s", $"{at50.EndToEndMs.P99:0} ms{Kept(at50)}", at50.EndToEndMs.P99 <= 1000 && at50.Sustained && Whole(at50)));
            if (at50.ClockLagMs is { Count: > 0 } lag)
                targets.Add(new("clock lag p99 ≤ 2 s at 50/s", $"{lag.P99:0} ms", lag.P99 <= 2000));
            targets.Add(new("SubmitContact p99 ≤ 50 ms at 50/s", $"{at50.SubmitContactMs.P99:0.0} ms", at50.SubmitContactMs.P99 <= 50 && at50.ContactsAccepted == at50.ContactsSent));
        }
        if (phases.FirstOrDefault(p => p.Name == "5/s") is { } at5)
            targets.Add(new("end-to-end p99 ≤ 150 ms at 5/s", $"{at5.EndToEndMs.P99:0} ms{Kept(at5)}", at5.EndToEndMs.P99 <= 150 && at5.Sustained && Whole(at5)));

        // Per contact: at the highest fixed rate, where the pipeline's idle work weighs least on each contact.
        if (phases.Where(p => p.OfferedPerSecond > 0 && p.Cost is not null).MaxBy(p => p.OfferedPerSecond) is { Cost: { } cost } busiest)
        {
            var at = $" ({busiest.Name})";
            targets.Add(new($"≤ {Deliveries:0} broker deliveries per contact", $"{cost.Deliveries:0.0}{at}", cost.Deliveries <= Deliveries));
            targets.Add(new($"≤ {Commits:0} commits per contact", $"{cost.Commits:0.0}{at}", cost.Commits <= Commits));
            targets.Add(cost.Statements is { } statements
                ? new($"≤ {Statements:0} SQL statements per contact", $"{statements:0.0}{at}{(cost.StatementsEvicted ? ", at least: pg_stat_statements evicted entries" : "")}", statements <= Statements)
                : new($"≤ {Statements:0} SQL statements per contact", "not counted: pg_stat_statements unavailable", false));
            targets.Add(new($"≤ {CpuMs:0} ms CPU per contact, all processes", $"{cost.CpuMs:0.0} ms{at}", cost.CpuMs <= CpuMs));
        }
        return targets;
    }
}
