using Mash.Intake.Domain;
using Xunit;

namespace Mash.Intake.Tests;

public sealed class ChildAgeTests
{
    [Theory]
    [InlineData("2019-03-14", "2026-11-23", 7, 92)]
    [InlineData("2019-11-23", "2026-11-23", 7, 84)]  // birthday today
    [InlineData("2019-11-24", "2026-11-23", 6, 83)]  // birthday tomorrow
    [InlineData("2026-09-01", "2026-11-23", 0, 2)]   // a non-mobile baby
    [InlineData("2026-11-23", "2026-11-23", 0, 0)]   // born today
    [InlineData("2008-11-24", "2026-11-23", 17, 215)] // the day before an 18th birthday
    [InlineData("2024-02-29", "2025-02-28", 0, 11)]  // leap-day birthday not yet reached
    public void Age_is_whole_years_and_whole_months_on_the_day(string born, string on, int years, int months)
    {
        var age = ChildAge.On(DateOnly.Parse(born), DateOnly.Parse(on));

        Assert.Equal(new ChildAge(years, months), age);
    }

    [Fact]
    public void An_unborn_child_is_zero()
    {
        Assert.Equal(new ChildAge(0, 0), ChildAge.On(DateOnly.Parse("2027-03-01"), DateOnly.Parse("2026-11-23")));
    }
}
