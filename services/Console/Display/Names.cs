using Mash.Contracts.Common.V1;

namespace Mash.Console.Display;

/// <summary>How a child or a household member is named on a page (an unborn child has no name yet).</summary>
public static class Names
{
    public static string Of(Child child) =>
        $"{child.GivenNames} {child.FamilyName}".Trim() is { Length: > 0 } name ? name : "Unborn child";

    public static string Of(Person person) => $"{person.GivenNames} {person.FamilyName}".Trim();

    public static string BirthOf(Child child) =>
        child.DateOfBirth is { } born ? $"Born {Dates.Format(born)}"
        : child.ExpectedDateOfBirth is { } expected ? $"Expected {Dates.Format(expected)}"
        : "Date of birth not known";
}

/// <summary>A date as the pages write it, 14 March 2019 (the process runs culture-invariant: English month names).</summary>
public static class Dates
{
    public static string Format(Date date) => new DateOnly(date.Year, date.Month, date.Day).ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

public static class Addresses
{
    public static string Format(Address? address) =>
        address is null ? "—" : string.Join(", ", address.Lines.Append(address.Town).Append(address.Postcode).Where(p => p.Length > 0)) is { Length: > 0 } text ? text : "—";
}
