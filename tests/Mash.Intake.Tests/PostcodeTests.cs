using Mash.Intake.Domain;
using Xunit;

namespace Mash.Intake.Tests;

public sealed class PostcodeTests
{
    [Theory]
    [InlineData("ws1 1tp", "WS1 1TP")]
    [InlineData("WS11TP", "WS1 1TP")]
    [InlineData("  wv10   6pn ", "WV10 6PN")]
    [InlineData("B338TH", "B33 8TH")]
    [InlineData("EC1A1BB", "EC1A 1BB")]
    [InlineData("", "")]
    public void Postcodes_are_upper_case_with_one_space_before_the_inward_code(string given, string stored)
    {
        Assert.Equal(stored, Postcode.Normalise(given));
    }
}
