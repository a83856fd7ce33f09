using Mash.Intake.Domain;
using Mash.Intake.Domain.Validation;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Intake keeps a child's ethnicity only as one of the census's twenty codes.</summary>
public sealed class EthnicityCodesTests
{
    static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    public static TheoryData<string> CensusCodes() => new(EthnicityCodes.Census.Order());

    [Theory]
    [MemberData(nameof(CensusCodes))]
    public void Every_census_code_is_accepted(string code)
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        contact.Children[0].Ethnicity = code;

        var result = SubmitContactValidator.For(Today).Validate(contact);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void The_list_is_the_census_s_twenty_codes()
    {
        Assert.Equal(20, EthnicityCodes.Census.Count);
        Assert.All(EthnicityCodes.Census, code => Assert.Matches("^[A-Z]{4}$", code));
        Assert.Contains("REFU", EthnicityCodes.Census);
        Assert.Contains("NOBT", EthnicityCodes.Census);
    }
}
