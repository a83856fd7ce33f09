using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.EarlyHelp.Domain;
using Xunit;
using static Mash.EarlyHelp.Tests.Domain.Fixtures;

namespace Mash.EarlyHelp.Tests.Domain;

/// <summary>The directory seeds load, and a broken file says every problem with its file and line.</summary>
public sealed class LeadProfessionalDirectoryTests
{
    static (LeadProfessionalDirectory? Directory, IReadOnlyList<LoadError> Errors) Load(params (string, string)[] files) =>
        LeadProfessionalDirectory.Load(files, Localities);

    [Fact]
    public void The_shipped_directories_load_and_cover_every_locality_for_every_age()
    {
        var files = Directory.GetFiles(Seeds("directory"), "*.yaml").Order().Select(f => (Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        var (directory, errors) = Load(files);
        Assert.Empty(errors);
        foreach (var authority in Localities.Authorities)
            foreach (var locality in Localities.LocalitiesOf(authority))
                for (var age = 0; age <= LeadProfessionalDirectory.MaxAge; age++)
                    Assert.Contains(directory!.Of(authority), e => e.Locality == locality && e.Covers(age, SettingKind.None));
    }

    [Fact]
    public void Every_error_is_reported_with_its_file_and_line()
    {
        const string yaml = """
            local_authority: walsall
            lead_professionals:
              - id: one
                name: One (fictional)
                agency: a
                agency_kind: health
                role: health visitor
                locality: walsall-nowhere
                age_from: 0
                age_to: 4
                capacity: 0
              - id: two
                name: Two (fictional)
                agency: a
                agency_kind: helth
                role: r
                locality: walsall-east
                age_from: 12
                age_to: 5
                settings: [primary_school, primary_school]
                capacity: 2
              - id: one
                name: Again (fictional)
                agency: a
                agency_kind: health
                role: r
                locality: walsall-east
                age_from: 0
                age_to: 30
                capacity: 1
                colour: blue
            """;
        var (directory, errors) = Load(("walsall.yaml", yaml));
        Assert.Null(directory);
        Assert.Equal(
        [
            "walsall.yaml:8: rule one: unknown locality 'walsall-nowhere' of walsall (known: walsall-north, walsall-south, walsall-east, walsall-west)",
            "walsall.yaml:11: rule one: capacity must be at least 1, not 0",
            "walsall.yaml:15: rule two: unknown agency_kind 'helth' (did you mean 'health'?)",
            "walsall.yaml:19: rule two: age range 12-5 is empty: age_to must be at least age_from",
            "walsall.yaml:20: rule two: setting 'primary_school' is listed twice",
            "walsall.yaml:31: unknown key 'colour' in a lead professional",
            "walsall.yaml:29: rule one: age_to must be from 0 to 18, not 30",
        ], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void An_id_used_in_two_files_and_an_authority_without_localities_are_refused()
    {
        const string entry = "{ id: same, name: N, agency: a, agency_kind: health, role: r, locality: LOC, age_from: 0, age_to: 4, capacity: 1 }";
        var (_, errors) = Load(
            ("a.yaml", $"local_authority: walsall\nlead_professionals:\n  - {entry.Replace("LOC", "walsall-east")}\n"),
            ("b.yaml", $"local_authority: wolverhampton\nlead_professionals:\n  - {entry.Replace("LOC", "wolverhampton-city")}\n"),
            ("c.yaml", "local_authority: leeds\nlead_professionals: []\n"));
        Assert.Equal(
        [
            "b.yaml:3: rule same: id 'same' is already used at a.yaml:3",
            "c.yaml:1: local_authority 'leeds' has no localities file (known: walsall, wolverhampton)",
            "c.yaml:2: lead_professionals must be a non-empty list",
        ], errors.Select(e => e.ToString()));
    }
}
