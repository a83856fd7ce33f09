using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using NodaTime;

namespace Mash.Audit.Domain.Reports;

/// <summary>
/// A period of Europe/London calendar dates, both inclusive, as reports ask for it: it runs from
/// the start of <see cref="From"/> to the start of the day after <see cref="To"/>, in London time
/// (so a period across a clocks change is still whole days).
/// </summary>
public sealed record ReportPeriod(LocalDate From, LocalDate To)
{
    public DateTimeOffset Start => From.AtStartOfDayInZone(WorkingCalendar.London).ToDateTimeOffset().ToUniversalTime();

    /// <summary>Exclusive.</summary>
    public DateTimeOffset End => To.PlusDays(1).AtStartOfDayInZone(WorkingCalendar.London).ToDateTimeOffset().ToUniversalTime();

    public bool Contains(LocalDate date) => date >= From && date <= To;

    /// <summary>The London calendar date of an instant.</summary>
    public static LocalDate DateOf(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(WorkingCalendar.London).Date;

    /// <summary>A request's date, or null when unset or not a real calendar date (30 February).</summary>
    public static LocalDate? ToLocalDate(Date? date)
    {
        if (date is null || date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1) return null;
        return date.Day <= CalendarSystem.Iso.GetDaysInMonth(date.Year, date.Month) ? new LocalDate(date.Year, date.Month, date.Day) : null;
    }

    public static Date ToDate(LocalDate date) => new() { Year = date.Year, Month = date.Month, Day = date.Day };

    /// <summary>
    /// Reads a required from/to pair, adding a violation (by field name) for each date that is
    /// missing or invalid, and for a period that ends before it starts.
    /// </summary>
    public static ReportPeriod? Read(Date? from, Date? to, ICollection<(string Field, string Description)> violations,
        string fromField = "from", string toField = "to")
    {
        var start = Required(from, fromField, violations);
        var end = Required(to, toField, violations);
        if (start is null || end is null) return null;
        if (end < start)
        {
            violations.Add((toField, $"must not be before {fromField}"));
            return null;
        }
        return new ReportPeriod(start.Value, end.Value);
    }

    static LocalDate? Required(Date? date, string field, ICollection<(string, string)> violations)
    {
        if (date is null)
        {
            violations.Add((field, "is required (a Europe/London calendar date)"));
            return null;
        }
        var value = ToLocalDate(date);
        if (value is null) violations.Add((field, $"{date.Year:D4}-{date.Month:D2}-{date.Day:D2} is not a calendar date"));
        return value;
    }
}
