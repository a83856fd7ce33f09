using System.Globalization;
using System.Text;

namespace Mash.Intake.Domain;

/// <summary>
/// What intake knows to tell one child from another across contacts. Two records are the same child
/// when their NHS numbers agree; without an NHS number on one side, when given names and family name
/// (each compared loosely: case, accents, spaces, hyphens and apostrophes ignored), date of birth and
/// postcode all agree. Given names are part of the key so that twins (same family, birthday and
/// home) stay two children. Two different NHS numbers are two different children, whatever else agrees.
/// </summary>
public sealed record ChildIdentity(string NhsNumber, string GivenNamesKey, string FamilyNameKey, DateOnly? DateOfBirth, string Postcode)
{
    public static ChildIdentity Of(string nhsNumber, string givenNames, string familyName, DateOnly? dateOfBirth, string postcode) =>
        new(nhsNumber, KeyOf(givenNames), KeyOf(familyName), dateOfBirth, postcode);

    /// <summary>
    /// Enough to match on without an NHS number: an unborn child without one is not matched, nor is a
    /// child without given names (two unnamed twins must not become one).
    /// </summary>
    public bool HasDemographics => GivenNamesKey.Length > 0 && FamilyNameKey.Length > 0 && DateOfBirth is not null && Postcode.Length > 0;

    public bool Matches(ChildIdentity earlier)
    {
        if (NhsNumber.Length > 0 && earlier.NhsNumber.Length > 0)
            return NhsNumber == earlier.NhsNumber;
        return HasDemographics && GivenNamesKey == earlier.GivenNamesKey && FamilyNameKey == earlier.FamilyNameKey
            && DateOfBirth == earlier.DateOfBirth && Postcode == earlier.Postcode;
    }

    /// <summary>
    /// The keys under which this child could match another record: its NHS number, and its
    /// demographics. Two submissions that could match each other share at least one key, so a lock
    /// per key makes the first contacts about one new child take turns (<see cref="Mash.Intake.Data.ChildMatcher"/>).
    /// </summary>
    public IEnumerable<string> MatchKeys()
    {
        if (NhsNumber.Length > 0) yield return $"nhs:{NhsNumber}";
        if (HasDemographics) yield return $"person:{GivenNamesKey}|{FamilyNameKey}|{DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{Postcode}";
    }

    /// <summary>"O'Brien-Smith", "OBRIEN SMITH" and "O’brien smith" all give OBRIENSMITH.</summary>
    public static string KeyOf(string name)
    {
        var key = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
            if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                key.Append(char.ToUpperInvariant(c));
        return key.ToString();
    }
}
