using YamlDotNet.RepresentationModel;
using Xunit;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>seeds/localities: both authorities load, and every corpus postcode lands where its contact expects.</summary>
public sealed class LocalityFilesTests
{
    [Fact]
    public void Locality_files_load_with_four_and_eight_localities()
    {
        var localities = SeedFiles.Localities;

        Assert.Equal(["walsall", "wolverhampton"], localities.Authorities.Order());
        Assert.Equal(["walsall-north", "walsall-south", "walsall-east", "walsall-west"], localities.LocalitiesOf("walsall"));
        Assert.Equal(8, localities.LocalitiesOf("wolverhampton").Count);
    }

    private static readonly (string Postcode, string Authority, string Locality)[] Table =
    [
        // Every postcode of seeds/contacts, with the authority its contact is about.
        ("WS2 8QT", "walsall", "walsall-south"),               // 001
        ("WV10 6PN", "wolverhampton", "wolverhampton-north-east"), // 002: sector WV10 6, not district WV10
        ("WV4 5HR", "wolverhampton", "wolverhampton-south-west"),  // 003
        ("WS3 2LN", "walsall", "walsall-north"),               // 004
        ("WS10 8NF", "walsall", "walsall-west"),               // 005: WS10, not WS1
        ("WV1 2QT", "wolverhampton", "wolverhampton-east"),    // 006: sector WV1 2, not district WV1
        ("WS9 0QD", "walsall", "walsall-east"),                // 007
        ("WV11 2BX", "wolverhampton", "wolverhampton-north-east"), // 008
        ("WS8 6LP", "walsall", "walsall-north"),               // 009
        ("WV6 9TT", "wolverhampton", "wolverhampton-west"),    // 010
        ("WS5 3NE", "walsall", "walsall-south"),               // 011
        ("WV2 4NB", "wolverhampton", "wolverhampton-south"),   // 012
        ("WS4 2AQ", "walsall", "walsall-east"),                // 013
        ("WV3 9DU", "wolverhampton", "wolverhampton-south-west"),  // 014
        ("WS1 3QT", "walsall", "walsall-south"),               // 016
        // Boundaries the files draw on purpose.
        ("WS2 0AB", "walsall", "walsall-north"),               // sector WS2 0 in another locality than WS2
        ("WV12 4AB", "walsall", "walsall-west"),               // Willenhall is Walsall's, not Wolverhampton's WV1
        ("WV13 1AB", "walsall", "walsall-west"),
        ("WV1 1RL", "wolverhampton", "wolverhampton-city"),
        ("WV10 9AA", "wolverhampton", "wolverhampton-north"),
        ("WV4 6AA", "wolverhampton", "wolverhampton-south-east"),
        ("WV14 0AA", "wolverhampton", "wolverhampton-south-east"),
    ];

    public static TheoryData<string, string, string> Postcodes() => new(Table.Select(row => (row.Postcode, row.Authority, row.Locality)));

    [Theory]
    [MemberData(nameof(Postcodes))]
    public void Postcode_lands_in_its_locality(string postcode, string authority, string locality)
    {
        var place = SeedFiles.Localities.Find(postcode);
        Assert.Equal(authority, place.LocalAuthority);
        Assert.Equal(locality, place.Locality);
    }

    [Theory]
    [InlineData("LS9 7EX")] // 015: the Leeds family
    [InlineData("WS7 1AA")] // Burntwood: Lichfield, not Walsall
    [InlineData("B12 9QR")]
    [InlineData("DY1 1AA")]
    public void Postcode_outside_both_authorities_is_outside(string postcode) =>
        Assert.True(SeedFiles.Localities.Find(postcode).IsOutside, $"{postcode} should be outside every authority");

    [Fact]
    public void Every_corpus_postcode_is_in_the_table()
    {
        var table = Table.Select(row => row.Postcode).ToHashSet();
        var corpus = Directory.GetFiles(SeedFiles.PathOf("seeds/contacts"), "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .SelectMany(f => CorpusTests.Parse(f!).Children.Select(c => c.Address.Postcode))
            .Where(p => !p.StartsWith("LS", StringComparison.Ordinal));
        Assert.All(corpus, p => Assert.Contains(p, table));
    }

    [Fact]
    public void No_district_or_sector_is_listed_twice()
    {
        var prefixes = new List<string>();
        foreach (var (_, yaml) in SeedFiles.LocalityFiles())
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var root = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (YamlMappingNode locality in ((YamlSequenceNode)root.Children[new YamlScalarNode("localities")]).Children.Cast<YamlMappingNode>())
                prefixes.AddRange(((YamlSequenceNode)locality.Children[new YamlScalarNode("postcodes")]).Children.Select(n => ((YamlScalarNode)n).Value!));
        }
        Assert.Empty(prefixes.GroupBy(p => p).Where(g => g.Count() > 1).Select(g => g.Key));
        // Walsall's districts, bar WS7 (Lichfield), and Wolverhampton's WV1-WV11 and WV14 are all there.
        var districts = prefixes.Select(p => p.Split(' ')[0]).ToHashSet();
        foreach (var d in new[] { "WS1", "WS2", "WS3", "WS4", "WS5", "WS6", "WS8", "WS9", "WS10", "WV12", "WV13" }
                     .Concat(Enumerable.Range(1, 11).Select(n => $"WV{n}")).Append("WV14"))
            Assert.Contains(d, districts);
        Assert.DoesNotContain("WS7", districts);
    }
}
