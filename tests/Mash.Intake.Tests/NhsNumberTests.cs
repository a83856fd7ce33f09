using Mash.Intake.Domain;
using Xunit;

namespace Mash.Intake.Tests;

public sealed class NhsNumberTests
{
    [Theory]
    [InlineData("9434765919", true)]    // the NHS's published example
    [InlineData("943 476 5919", true)]  // as printed on letters
    [InlineData("9990000050", true)]    // check digit 11 is written as 0
    [InlineData("9434765918", false)]   // wrong check digit
    [InlineData("9990000001", false)]   // the check digit would be 10: no valid number has these nine digits
    [InlineData("943476591", false)]    // nine digits
    [InlineData("94347659191", false)]  // eleven digits
    [InlineData("94347659A9", false)]
    [InlineData("", false)]
    public void A_valid_NHS_number_has_ten_digits_and_a_modulus_11_check_digit(string value, bool valid)
    {
        Assert.Equal(valid, NhsNumber.IsValid(value));
    }
}
