namespace Mash.Intake.Domain;

/// <summary>UK postcodes as Mash stores them: upper case, one space before the three-character inward code.</summary>
public static class Postcode
{
    public static string Normalise(string? postcode)
    {
        var compact = new string((postcode ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
        return compact.Length > 3 ? $"{compact[..^3]} {compact[^3..]}" : compact;
    }
}
