using System.Security.Claims;
using Mash.BuildingBlocks.Identity;
using Xunit;

namespace Mash.BuildingBlocks.Tests.Identity;

/// <summary>What a validly signed token must also say (<see cref="TokenRules"/>).</summary>
public sealed class TokenRulesTests
{
    static readonly TimeSpan Cap = TimeSpan.FromHours(12);
    const long Now = 1_800_000_000;

    static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    static (string, string) At(string type, long seconds) => (type, seconds.ToString());

    static readonly (string, string)[] Screener = [("sub", "s-1"), ("role", "screener"), ("authority", "walsall")];

    [Fact]
    public void A_lifetime_up_to_the_cap_is_accepted_and_one_second_more_is_not()
    {
        Assert.Null(TokenRules.Refusal(User([.. Screener, At("iat", Now), At("nbf", Now), At("exp", Now + 12 * 3600)]), Cap));
        Assert.NotNull(TokenRules.Refusal(User([.. Screener, At("iat", Now), At("nbf", Now), At("exp", Now + 12 * 3600 + 1)]), Cap));
    }

    [Fact]
    public void The_lifetime_runs_from_the_earlier_of_iat_and_nbf()
    {
        // Issued long before it became valid: the token existed, and could leak, for 13 hours.
        Assert.NotNull(TokenRules.Refusal(User([.. Screener, At("iat", Now - 3600), At("nbf", Now), At("exp", Now + 12 * 3600)]), Cap));
        Assert.NotNull(TokenRules.Refusal(User([.. Screener, At("nbf", Now - 3600), At("exp", Now + 12 * 3600)]), Cap));
        Assert.Null(TokenRules.Refusal(User([.. Screener, At("iat", Now), At("exp", Now + 3600)]), Cap));
    }

    [Fact]
    public void A_token_that_says_neither_when_it_was_issued_nor_from_when_it_is_valid_is_refused()
    {
        Assert.Contains("neither", TokenRules.Refusal(User([.. Screener, At("exp", Now + 60)]), Cap));
        Assert.NotNull(TokenRules.Refusal(User([.. Screener, At("iat", Now)]), Cap));
    }

    [Theory]
    [InlineData("partner", "", "walsall", "agency")]
    [InlineData("partner", " ", "", "agency")]
    [InlineData("screener", "", "", "local authority")]
    [InlineData("manager", "wmp", " ", "local authority")]
    [InlineData("auditor", "", "", "local authority")]
    [InlineData("", "wmp", "walsall", "role")]
    [InlineData("administrator", "", "walsall", "role")]
    public void A_role_without_the_claim_it_is_scoped_by_is_refused(string role, string agency, string authority, string named)
    {
        var claims = new List<(string, string)> { ("sub", "x"), At("iat", Now), At("exp", Now + 60) };
        if (role.Length > 0) claims.Add(("role", role));
        if (agency.Length > 0) claims.Add(("agency", agency));
        if (authority.Length > 0) claims.Add(("authority", authority));

        Assert.Contains(named, TokenRules.Refusal(User([.. claims]), Cap));
    }

    [Fact]
    public void A_token_without_a_subject_is_refused()
    {
        Assert.Contains("sub", TokenRules.Refusal(User(("role", "partner"), ("agency", "wmp"), At("iat", Now), At("exp", Now + 60)), Cap));
        Assert.Null(TokenRules.Refusal(User(("sub", "p"), ("role", "partner"), ("agency", "wmp"), At("iat", Now), At("exp", Now + 60)), Cap));
    }
}
