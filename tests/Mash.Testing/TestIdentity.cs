using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;

namespace Mash.Testing;

/// <summary>
/// One development signing key per test run: every service process trusts it (Auth__SigningKey)
/// and tests call as whoever they need to be.
/// </summary>
public static class TestIdentity
{
    public static readonly string SigningKey = DevTokens.NewSigningKey();

    public const string Authority = "walsall";

    public static string Token(Role role, string agency = "", string authority = Authority) =>
        DevTokens.Mint(SigningKey, role, agency, authority);
}
