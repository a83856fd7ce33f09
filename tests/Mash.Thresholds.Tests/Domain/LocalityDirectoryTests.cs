using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Thresholds.Tests.Domain;

public class LocalityDirectoryTests
{
    private const string Walsall = """
        local_authority: walsall
        name: Walsall (fictional localities)
        localities:
          - id: walsall-north
            name: North
            postcodes: [WS3, WS8, WS9]
          - id: walsall-central
            name: Central
            postcodes: [WS1, WS2, "WS3 2"]
        teams:
          - id: north-team
            locality: walsall-north
        workers: []
        """;

    private const string Wolverhampton = """
        local_authority: wolverhampton
        localities:
          - id: wolverhampton-east
            postcodes: [WV1, WV2]
        """;

    private static LocalityDirectory Directory()
    {
        var (directory, errors) = LocalityDirectory.Load([("walsall.yaml", Walsall), ("wolverhampton.yaml", Wolverhampton)]);
        Assert.Empty(errors);
        return directory!;
    }

    [Fact]
    public void Loads_authorities_and_localities_in_file_order_ignoring_other_keys()
    {
        var d = Directory();
        Assert.Equal(["walsall", "wolverhampton"], d.Authorities);
        Assert.Equal(["walsall-north", "walsall-central"], d.LocalitiesOf("walsall"));
        Assert.Empty(d.LocalitiesOf("leeds"));
    }

    [Theory]
    [InlineData("WS3 1AB", "walsall", "walsall-north")]
    [InlineData("WS3 2AB", "walsall", "walsall-central")] // the sector beats its district
    [InlineData("ws32ab", "walsall", "walsall-central")]  // normalised before lookup
    [InlineData("WS1 1TP", "walsall", "walsall-central")]
    [InlineData("WV2 4AA", "wolverhampton", "wolverhampton-east")]
    public void Finds_by_longest_prefix(string postcode, string authority, string locality) =>
        Assert.Equal(new ChildPlace(authority, locality), Directory().Find(postcode));

    [Theory]
    [InlineData("LS1 4AP")]
    [InlineData("WS31 1AA")] // a district that merely starts with WS3 is not WS3
    [InlineData("")]
    [InlineData("nonsense")]
    public void An_unknown_postcode_is_outside(string postcode)
    {
        var place = Directory().Find(postcode);
        Assert.Same(ChildPlace.Outside, place);
        Assert.True(place.IsOutside);
    }

    [Fact]
    public void A_district_claimed_twice_across_files_is_refused()
    {
        var (directory, errors) = LocalityDirectory.Load([("walsall.yaml", Walsall), ("other.yaml", """
            local_authority: sandwell
            localities:
              - id: sandwell-west
                postcodes: [B70, WS8]
            """)]);
        Assert.Null(directory);
        var error = Assert.Single(errors);
        Assert.Equal("other.yaml", error.File);
        Assert.Equal(4, error.Line);
        Assert.Contains("WS8 is already claimed at walsall.yaml:6", error.Message);
    }

    [Fact]
    public void A_sector_claimed_twice_is_refused()
    {
        var (directory, errors) = LocalityDirectory.Load([("a.yaml", """
            local_authority: walsall
            localities:
              - id: one
                postcodes: ["WS2 8"]
              - id: two
                postcodes: ["ws2  8"]
            """)]);
        Assert.Null(directory);
        Assert.Equal(6, Assert.Single(errors).Line);
    }

    [Fact]
    public void Malformed_entries_are_errors_with_their_lines()
    {
        var (directory, errors) = LocalityDirectory.Load([("bad.yaml", """
            local_authority: Walsall Council
            localities:
              - name: no id
                postcodes: [WS1]
              - id: ok
                postcodes: [WS1 1AA, 123]
            """)]);
        Assert.Null(directory);
        Assert.Equal([1, 3, 6, 6], errors.Select(e => e.Line));
        Assert.All(errors, e => Assert.Equal("bad.yaml", e.File));
    }
}
