using System.Text.RegularExpressions;

namespace Mash.Intake.Domain;

/// <summary>
/// UK postcodes as Mash stores them: upper case, one space before the three-character inward code.
/// The format is checked (outward code: area letters and district; inward code: digit and two
/// letters), not whether the postcode exists.
/// </summary>
public static partial class Postcode
{
    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$")]
    private static partial Regex Format();

    public static bool IsValid(string? postcode) => Format().IsMatch(Normalise(postcode));

    public static string Normalise(string? postcode)
    {
        var compact = new string((postcode ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return compact.Length > 3 ? $"{compact[..^3]} {compact[^3..]}" : compact;
    }
}
