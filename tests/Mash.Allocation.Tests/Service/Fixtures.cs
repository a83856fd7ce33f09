using System.Text;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// The tests' own localities, teams and workers (fictional, "ZZ" and "YY" postcode areas that no
/// real authority uses) and bank holidays, so changes to the real seeds cannot break them. Each
/// scenario has its own locality, so tests sharing a service never share a worker.
/// </summary>
public static class Fixtures
{
    public sealed record TeamSpec(string Id, params (string Id, int Cap)[] Workers);

    public sealed record LocalitySpec(string Id, string[] Postcodes, params TeamSpec[] Teams);

    public static readonly LocalitySpec[] Walsall =
    [
        new("pc-north", ["ZZ1", "ZZ2 9"], new TeamSpec("pc-north-1", ("pcn-a", 20))),
        new("pc-south", ["ZZ2"], new TeamSpec("pc-south-1", ("pcs-a", 20))),
        new("pc-east", ["ZZ3"], new TeamSpec("pc-east-1", ("pce-a", 20))),
        new("lowest", ["ZZ4"], new TeamSpec("lowest-1", ("low-a", 2), ("low-b", 5)), new TeamSpec("lowest-2", ("low-c", 1))),
        new("queue", ["ZZ5"], new TeamSpec("queue-1", ("q-a", 1)), new TeamSpec("queue-2", ("q-b", 1))),
        new("siblings", ["ZZ6"], new TeamSpec("siblings-1", ("sib-a", 2), ("sib-b", 4))),
        new("siblings-cap", ["ZZ7"], new TeamSpec("siblings-cap-1", ("sc-a", 2))),
        new("open", ["ZZ8"], new TeamSpec("open-1", ("o-a", 5), ("o-b", 5))),
        new("race", ["ZZ9"], new TeamSpec("race-1", ("r-a", 1))),
        new("together", ["ZZ10"], new TeamSpec("together-1", ("t-a", 10), ("t-b", 10), ("t-c", 10))),
        new("cp", ["ZZ11"], new TeamSpec("cp-1", ("cp-a", 50))),
        new("casework", ["ZZ12"], new TeamSpec("casework-1", ("cw-a", 50))),
        new("realloc", ["ZZ13"], new TeamSpec("realloc-1", ("ra-a", 1), ("ra-b", 2)), new TeamSpec("realloc-2", ("rb-a", 1))),
        new("reads", ["ZZ14"], new TeamSpec("reads-1", ("rd-a", 1)), new TeamSpec("reads-2", ("rd-b", 1))),
        new("clocks", ["ZZ15"], new TeamSpec("clocks-1", ("ck-a", 50))),
    ];

    public static readonly LocalitySpec[] Wolverhampton =
    [
        new("wv-only", ["YY1"], new TeamSpec("wv-1", ("wv-a", 5))),
    ];

    /// <summary>A full postcode in a locality's first district ("ZZ4 1AB").</summary>
    public static string Postcode(string locality) =>
        $"{Walsall.Concat(Wolverhampton).Single(l => l.Id == locality).Postcodes[0]} 1AB";

    public static string LocalitiesFile(string authority, IEnumerable<LocalitySpec> localities)
    {
        var yaml = new StringBuilder($"local_authority: {authority}\nname: {authority} (test fixture)\nlocalities:\n");
        foreach (var l in localities)
            yaml.Append($"  - id: {l.Id}\n    name: {l.Id}\n    postcodes: [{string.Join(", ", l.Postcodes.Select(p => $"\"{p}\""))}]\n");
        yaml.Append("teams:\n");
        foreach (var l in localities)
            foreach (var t in l.Teams)
            {
                yaml.Append($"  - id: {t.Id}\n    name: Team {t.Id}\n    locality: {l.Id}\n    workers:\n");
                foreach (var (id, cap) in t.Workers) yaml.Append($"      - {{ id: {id}, name: Worker {id}, caseload_cap: {cap} }}\n");
            }
        return yaml.ToString();
    }

    /// <summary>England and Wales bank holidays around the dates the tests use (Christmas 2025, Easter and May 2026).</summary>
    public const string BankHolidays = """
        {
          "england-and-wales": {
            "division": "england-and-wales",
            "events": [
              { "title": "Christmas Day", "date": "2025-12-25", "notes": "", "bunting": true },
              { "title": "Boxing Day", "date": "2025-12-26", "notes": "", "bunting": true },
              { "title": "New Year's Day", "date": "2026-01-01", "notes": "", "bunting": true },
              { "title": "Good Friday", "date": "2026-04-03", "notes": "", "bunting": false },
              { "title": "Easter Monday", "date": "2026-04-06", "notes": "", "bunting": true },
              { "title": "Early May bank holiday", "date": "2026-05-04", "notes": "", "bunting": true },
              { "title": "Spring bank holiday", "date": "2026-05-25", "notes": "", "bunting": true },
              { "title": "Summer bank holiday", "date": "2026-08-31", "notes": "", "bunting": true },
              { "title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true },
              { "title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": true }
            ]
          }
        }
        """;

    /// <summary>
    /// A case's clocks without their state (which depends on when they were read): what an event
    /// announced must be what the case holds, so audit follows exactly the clocks allocation runs.
    /// </summary>
    public static List<(string Id, ClockKind Kind, Timestamp Started, Timestamp Due, Timestamp? Stopped, Timestamp? Cancelled, Timestamp? AtRisk)> Times(IEnumerable<Clock> clocks) =>
        [.. clocks.Select(c => (c.ClockId, c.Kind, c.StartedAt, c.DueAt, (Timestamp?)c.StoppedAt, (Timestamp?)c.CancelledAt, (Timestamp?)c.AtRiskAt))];
}
