using Mash.Thresholds.Domain.RuleSets;
using NodaTime;
using static Mash.Thresholds.Tests.Domain.Fixtures;

namespace Mash.Thresholds.Tests.Domain;

public class RuleSetCatalogTests
{
    private static RuleSet Version(int version, string effectiveFrom, string id = "test-levels", string authority = "walsall", string reason = "Neglect.") =>
        Load(WithRules($"""
              - id: T-001
                when: {"{"} concern: neglect {"}"}
                level: 3
                pathway: child_in_need
                rag: amber
                reason: {reason}
            """)
            .Replace("version: 1", $"version: {version}")
            .Replace("effective_from: 2026-04-01", $"effective_from: {effectiveFrom}")
            .Replace("id: test-levels", $"id: {id}")
            .Replace("local_authority: walsall", $"local_authority: {authority}"));

    [Fact]
    public void The_version_in_force_is_the_latest_effective_on_or_before_the_day()
    {
        var catalog = new RuleSetCatalog();
        var v1 = Version(1, "2026-04-01");
        var v2 = Version(2, "2026-09-01");
        Assert.True(catalog.TryAdd(v2));
        Assert.True(catalog.TryAdd(v1));

        Assert.Null(catalog.InForce("walsall", new LocalDate(2026, 3, 31)));
        Assert.Same(v1, catalog.InForce("walsall", new LocalDate(2026, 4, 1)));
        Assert.Same(v1, catalog.InForce("walsall", new LocalDate(2026, 8, 31)));
        Assert.Same(v2, catalog.InForce("walsall", new LocalDate(2026, 9, 1)));
        Assert.Same(v2, catalog.InForceById("test-levels", new LocalDate(2027, 1, 1)));
        Assert.Null(catalog.InForce("wolverhampton", new LocalDate(2027, 1, 1)));
        Assert.Null(catalog.InForceById("other", new LocalDate(2027, 1, 1)));
    }

    [Fact]
    public void On_the_same_effective_date_the_highest_version_wins()
    {
        var catalog = new RuleSetCatalog();
        var v3 = Version(3, "2026-04-01");
        var v2 = Version(2, "2026-04-01");
        catalog.TryAdd(v3);
        catalog.TryAdd(v2);
        Assert.Same(v3, catalog.InForce("walsall", new LocalDate(2026, 5, 1)));
    }

    [Fact]
    public void The_same_id_and_version_with_other_content_is_refused_and_the_old_stays()
    {
        var catalog = new RuleSetCatalog();
        var original = Version(1, "2026-04-01");
        var changed = Version(1, "2026-04-01", reason: "Neglect, reworded.");
        Assert.NotEqual(original.ContentHash, changed.ContentHash);

        Assert.True(catalog.TryAdd(original));
        Assert.False(catalog.TryAdd(changed));
        Assert.True(catalog.TryAdd(Version(1, "2026-04-01"))); // the same content again is fine
        Assert.Same(original, catalog.Find("test-levels", 1));
        Assert.Single(catalog.All());
    }

    [Fact]
    public void All_is_ordered_by_authority_id_and_version()
    {
        var catalog = new RuleSetCatalog();
        catalog.TryAdd(Version(2, "2026-04-01", authority: "wolverhampton", id: "wolves"));
        catalog.TryAdd(Version(2, "2026-04-01"));
        catalog.TryAdd(Version(1, "2026-04-01"));
        Assert.Equal([("walsall", 1), ("walsall", 2), ("wolverhampton", 2)], catalog.All().Select(s => (s.LocalAuthority, s.Version)));
        Assert.Null(catalog.Find("wolves", 1));
    }

    [Fact]
    public async Task Readers_see_a_consistent_catalog_while_versions_are_added()
    {
        var catalog = new RuleSetCatalog();
        var versions = Enumerable.Range(1, 50).Select(v => Version(v, "2026-04-01")).ToArray();
        var writer = Task.Run(() => { foreach (var v in versions) Assert.True(catalog.TryAdd(v)); }, TestContext.Current.CancellationToken);
        while (!writer.IsCompleted)
        {
            var all = catalog.All();
            Assert.Equal(all.OrderBy(s => s.Version).Select(s => s.Version), all.Select(s => s.Version));
        }
        await writer;
        Assert.Equal(50, catalog.InForce("walsall", new LocalDate(2026, 4, 1))!.Version);
    }

    [Theory]
    [InlineData("2026-03-28T23:30:00Z", 2026, 3, 28)]  // GMT: the same day
    [InlineData("2026-06-30T23:30:00Z", 2026, 7, 1)]   // BST: already tomorrow in London
    public void LondonDate_is_the_local_day(string instant, int year, int month, int day) =>
        Assert.Equal(new LocalDate(year, month, day), RuleSetCatalog.LondonDate(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
}
