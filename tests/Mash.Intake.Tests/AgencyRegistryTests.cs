using Google.Protobuf;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Domain;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>The agencies' registrations (seeds/agencies): the shipped files, and the errors a broken one reports.</summary>
public sealed class AgencyRegistryTests
{
    static readonly string Root = ServiceProcess.RepositoryRoot();

    static LocalityDirectory Localities() =>
        LocalityDirectory.Load(ReferenceDataFiles.ReadFolder(Path.Combine(Root, "seeds", "localities"), "seeds/localities")).Directory!;

    static IReadOnlyList<string> Errors(params (string File, string Yaml)[] files) =>
        AgencyRegistry.Load(files, Localities()).Errors.Select(e => e.ToString()).ToList();

    [Fact]
    public void The_shipped_registrations_load_and_every_demo_contact_has_a_hub_as_the_demo_submits_it()
    {
        var localities = Localities();
        var (registry, errors) = AgencyRegistry.Load(ReferenceDataFiles.ReadFolder(Path.Combine(Root, "seeds", "agencies"), "seeds/agencies"), localities);
        Assert.Empty(errors);
        Assert.Equal(["walsall", "wolverhampton"], registry!.HubsOf("wmp"));

        // mash-cli demo (and the chaos run) sign each partner in to the hub of its first child's
        // postcode, or Walsall's when the family lives outside both; a member of the public's contact
        // comes through a screener.
        var parser = new JsonParser(JsonParser.Settings.Default);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "seeds", "contacts"), "*.json"))
        {
            var contact = parser.Parse<SubmitContactRequest>(File.ReadAllText(file));
            var postcodes = contact.Children.Select(c => c.Address.Postcode).ToList();
            var signIn = localities.Find(postcodes[0]) is { IsOutside: false } place ? place.LocalAuthority : "walsall";
            var caller = contact.Referrer.Agency.Length > 0
                ? new Actor { Role = Role.Partner, Agency = contact.Referrer.Agency, LocalAuthority = signIn }
                : new Actor { Role = Role.Screener, LocalAuthority = signIn };
            var hub = ReceivingHub.For(caller, postcodes, registry, localities);
            Assert.True(hub.Found, $"{Path.GetFileName(file)}: {string.Join("; ", hub.Violations.Select(v => v.Description))}");
            Assert.Equal(signIn, hub.LocalAuthority);
        }
    }

    [Fact]
    public void Every_error_is_reported_at_once_with_its_file_and_line()
    {
        var errors = Errors(
            ("a.yaml", "local_authority: walsall\nagencies:\n  - { id: wmp, name: Police }\n  - { id: wmp, name: Police again }\n  - { id: Bad_Id, name: Bad }\n  - { id: gp, nmae: GP }\n"),
            ("b.yaml", "local_authority: leeds\nagencies:\n  - { id: leeds-csc, name: Leeds }\n"),
            ("c.yaml", "local_authority: walsall\nagencies: []\n"));

        Assert.Contains("a.yaml:4: agency 'wmp' is listed twice", errors);
        Assert.Contains("a.yaml:5: agency id 'Bad_Id' must be lower-case letters, digits and hyphens (as in tokens' agency claim)", errors);
        Assert.Contains("a.yaml:6: unknown key 'nmae' in an agency (did you mean 'name'?)", errors);
        Assert.Contains("a.yaml:6: an agency lacks the required key 'name'", errors);
        Assert.Contains("b.yaml:1: local_authority 'leeds' has no localities file (known: walsall, wolverhampton)", errors);
        Assert.Contains("c.yaml:1: local_authority 'walsall' is already described by a.yaml", errors);
        Assert.Contains("c.yaml:2: agencies must be a non-empty list", errors);
    }
}
