using Mash.Load;
using Mash.Testing;
using Xunit;

namespace Mash.Load.Tests;

public class ContactGeneratorTests
{
    static ContactGenerator Generator(int seed) => new(ServiceProcess.RepositoryRoot(), "walsall", seed, "t", new DateOnly(2026, 11, 23));

    [Fact]
    public void The_same_seed_makes_the_same_contacts()
    {
        var (a, b) = (Generator(3), Generator(3));
        for (var i = 1; i <= 50; i++) Assert.Equal(a.Next(i).Request, b.Next(i).Request);
    }

    [Fact]
    public void Children_are_new_fictional_and_in_the_authority_unless_the_template_is_the_transfer()
    {
        var generator = Generator(1);
        var contacts = Enumerable.Range(1, 500).Select(generator.Next).ToList();
        var children = contacts.SelectMany(c => c.Request.Children.Select(child => (c.Template, Child: child))).ToList();
        var nhs = children.Select(c => c.Child.NhsNumber).Where(n => n.Length > 0).ToList();
        Assert.Equal(nhs.Count, nhs.Distinct().Count());
        Assert.All(nhs, n => Assert.StartsWith("999", n));
        Assert.All(nhs, n => Assert.Equal(n[9] - '0', ContactGenerator.NhsCheckDigit(n[..9])));
        var families = contacts.Select(c => c.Request.Children[0].FamilyName).Where(f => f.Length > 0).ToList();
        Assert.Equal(families.Count, families.Distinct().Count());
        Assert.All(children.Where(c => !c.Template.Contains("leeds")), c => Assert.Matches(@"^(WS\d{1,2}|WV1[23]) \d[A-Z]{2}$", c.Child.Address.Postcode));
        Assert.All(children, c => Assert.Matches("^(Sample|Fictional|Placeholder|Specimen|Example|Mockup)[a-z]+$|^$", c.Child.FamilyName));
        Assert.True(contacts.Select(c => c.Template).Distinct().Count() >= 12, "the mix draws on most of the demo contacts");
    }

    [Theory]
    [InlineData("943476591", 9)]   // NHS Digital's published example 943 476 5919
    [InlineData("999000001", 8)]
    public void Nhs_check_digit_is_modulus_11(string nine, int check) => Assert.Equal(check, ContactGenerator.NhsCheckDigit(nine));
}
