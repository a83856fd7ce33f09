namespace Mash.BuildingBlocks.Validation;

/// <summary>
/// The rule every service's free-text fields share (notes, reasons, comments): a length limit, and
/// no control characters but line breaks and tabs. One place, so a note typed into allocation and
/// one typed into audit are held to the same rule.
/// </summary>
public static class FreeText
{
    /// <summary>What is wrong with <paramref name="value"/> as a field violation's description; null when nothing is.</summary>
    public static string? Problem(string value, int max) =>
        value.Length > max ? $"must be at most {max} characters"
        : value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') ? "must not contain control characters"
        : null;
}
