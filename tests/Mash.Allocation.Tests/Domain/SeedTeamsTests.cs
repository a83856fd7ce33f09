using Mash.Allocation.Domain.Teams;
using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Allocation.Tests.Domain;

/// <summary>The real seeds/localities: every locality of both authorities has a team, every worker a cap near 20.</summary>
public sealed class SeedTeamsTests
{
    static readonly string Folder = Path.Combine(Mash.Testing.ServiceProcess.RepositoryRoot(), "seeds", "localities");

    [Fact]
    public void Every_locality_of_both_authorities_has_a_team_with_capped_workers()
    {
        var files = ReferenceDataFiles.ReadFolder(Folder, "test");
        var (localities, localityErrors) = LocalityDirectory.Load(files);
        Assert.Empty(localityErrors);
        var (teams, errors) = TeamDirectoryLoader.Load(files, localities!);
        Assert.Empty(errors);

        foreach (var authority in new[] { "walsall", "wolverhampton" })
            foreach (var locality in localities!.LocalitiesOf(authority))
                Assert.NotEmpty(teams!.TeamsIn(authority, locality).SelectMany(t => t.Workers));
        Assert.Equal(4, localities!.LocalitiesOf("walsall").Count);
        Assert.Equal(8, localities.LocalitiesOf("wolverhampton").Count);
        Assert.All(teams!.Teams.SelectMany(t => t.Workers), w => Assert.InRange(w.CaseloadCap, 12, 20));
    }
}
