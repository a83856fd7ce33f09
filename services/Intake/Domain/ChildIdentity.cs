using System.Globalization;
using System.Text;

namespace Mash.Intake.Domain;

/// <summary>
/// What intake knows to tell one child from another across contacts. Two records are the same child
/// when their NHS numbers agree; without an NHS number on one side, when family name (compared
/// loosely: case, accents, spaces, hyphens and apostrophes ignored), date of birth and postcode all
/// agree. Two different NHS numbers are two different children, whatever else agrees.
/// </summary>
public sealed record ChildIdentity(string NhsNumber, string FamilyNameKey, DateOnly? DateOfBirth, string Postcode)
{
    public static ChildIdentity Of(string nhsNumber, string familyName, DateOnly? dateOfBirth, string postcode) =>
        new(nhsNumber, KeyOf(familyName), dateOfBirth, postcode);

    /// <summary>Enough to match on without an NHS number: an unborn child without one is not matched.</summary>
    public bool HasDemographics => FamilyNameKey.Length > 0 && DateOfBirth is not null && Postcode.Length > 0;

    public bool Matches(ChildIdentity earlier)
    {
        if (NhsNumber.Length > 0 && earlier.NhsNumber.Length > 0)
            return NhsNumber == earlier.NhsNumber;
        return HasDemographics && FamilyNameKey == earlier.FamilyNameKey && DateOfBirth == earlier.DateOfBirth && Postcode == earlier.Postcode;
    }

    /// <summary>"O'Brien-Smith", "OBRIEN SMITH" and "O’brien smith" all give OBRIENSMITH.</summary>
    public static string KeyOf(string familyName)
    {
        var key = new StringBuilder(familyName.Length);
        foreach (var c in familyName.Normalize(NormalizationForm.FormD))
            if (char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                key.Append(char.ToUpperInvariant(c));
        return key.ToString();
    }
}
