using Mash.Allocation.Domain.Teams;
using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Allocation.Tests.Domain;

public sealed class TeamDirectoryLoaderTests
{
    const string Localities = """
        local_authority: walsall
        localities:
          - id: walsall-north
            postcodes: [WS3]
          - id: walsall-south
            postcodes: [WS1]
        """;

    const string Teams = """

        teams:
          - id: north-1
            name: North Team
            locality: walsall-north
            workers:
              - { id: n-01, name: Ann Example, caseload_cap: 18 }
              - { id: n-02, name: Bob Example, caseload_cap: 20 }
          - id: south-1
            name: South Team
            locality: walsall-south
            workers:
              - { id: s-01, name: Cat Example, caseload_cap: 18 }
        """;

    static (TeamDirectory? Directory, IReadOnlyList<LoadError> Errors) Load(params (string File, string Yaml)[] files)
    {
        var (localities, errors) = LocalityDirectory.Load(files);
        Assert.Empty(errors);
        return TeamDirectoryLoader.Load(files, localities!);
    }

    static IReadOnlyList<string> Errors(params (string File, string Yaml)[] files)
    {
        var (directory, errors) = Load(files);
        Assert.Null(directory);
        return errors.Select(e => e.ToString()).ToList();
    }

    [Fact]
    public void Teams_and_workers_load_in_file_order_with_their_locality_and_cap()
    {
        var (directory, errors) = Load(("walsall.yaml", Localities + Teams));
        Assert.Empty(errors);
        Assert.Equal(["north-1", "south-1"], directory!.Teams.Select(t => t.Id));
        Assert.Equal(["n-01", "n-02"], directory.TeamsIn("walsall", "walsall-north").Single().Workers.Select(w => w.Id));
        Assert.Equal(new SocialWorker("n-02", "Bob Example", "north-1", 20), directory.Worker("n-02"));
        Assert.Equal("north-1", directory.TeamOf("walsall", "n-01")!.Id);
        Assert.Null(directory.TeamOf("wolverhampton", "n-01"));
    }

    [Fact]
    public void An_unknown_locality_is_an_error_at_its_line_with_a_suggestion()
    {
        var errors = Errors(("walsall.yaml", Localities + Teams.Replace("locality: walsall-south", "locality: walsall-sout")));
        Assert.Contains("walsall.yaml:16: unknown locality 'walsall-sout' of walsall (did you mean 'walsall-south'?)", errors);
        // Its locality is then left without a team: said once, at the locality.
        Assert.Contains("walsall.yaml:5: locality 'walsall-south' has no team: add one under teams with locality: walsall-south", errors);
    }

    [Fact]
    public void A_cap_under_one_and_a_missing_key_are_errors()
    {
        var errors = Errors(("walsall.yaml", Localities + Teams.Replace("caseload_cap: 20", "caseload_cap: 0").Replace("name: Cat Example, ", "")));
        Assert.Contains("walsall.yaml:13: caseload_cap must be from 1 to 100, not 0", errors);
        Assert.Contains("walsall.yaml:18: a worker lacks the required key 'name'", errors);
    }

    [Fact]
    public void A_team_or_worker_id_used_twice_across_files_is_an_error_naming_the_first()
    {
        const string other = """
            local_authority: wolverhampton
            localities:
              - id: wv-city
                postcodes: [WV1]
            teams:
              - id: north-1
                name: City Team
                locality: wv-city
                workers:
                  - { id: n-01, name: Dan Example, caseload_cap: 18 }
            """;
        var errors = Errors(("walsall.yaml", Localities + Teams), ("wolverhampton.yaml", other));
        Assert.Contains("wolverhampton.yaml:6: team id 'north-1' is already used at walsall.yaml:8", errors);
        Assert.Contains("wolverhampton.yaml:10: worker id 'n-01' is already used at walsall.yaml:12", errors);
    }

    [Fact]
    public void A_file_without_teams_and_a_team_without_workers_are_errors()
    {
        Assert.Contains("walsall.yaml:1: the localities file lacks the required key 'teams'", Errors(("walsall.yaml", Localities)));
        var errors = Errors(("walsall.yaml", Localities + Teams.Replace("""
                workers:
                  - { id: s-01, name: Cat Example, caseload_cap: 18 }
            """, "    workers: []\n")));
        Assert.Contains("walsall.yaml:17: workers of team 'south-1' must be a non-empty list", errors);
    }

    [Fact]
    public void Ids_are_lower_case_slugs_and_unknown_keys_are_refused()
    {
        var errors = Errors(("walsall.yaml", Localities + Teams.Replace("id: n-01", "id: N 01").Replace("name: South Team", "name: South Team\n    manager: someone")));
        Assert.Contains("walsall.yaml:12: worker id 'N 01' must be lower-case letters, digits and hyphens", errors);
        Assert.Contains("walsall.yaml:16: unknown key 'manager' in a team", errors);
    }
}
