using NodaTime;

namespace Mash.Thresholds.Domain.Calendar;

/// <summary>
/// Working days in Europe/London: Monday to Friday, skipping England and Wales bank holidays
/// (seeds/calendar/bank-holidays.json, the published list, shipped as data).
/// </summary>
public sealed class WorkingCalendar
{
    public WorkingCalendar(IEnumerable<LocalDate> bankHolidays) => throw new NotImplementedException();

    /// <summary>Reads the gov.uk bank-holidays JSON shape ("england-and-wales" -> "events" -> "date").</summary>
    public static WorkingCalendar FromGovUkJson(string json) => throw new NotImplementedException();

    /// <summary>The last date the shipped list covers (a test fails before it runs out).</summary>
    public LocalDate LastKnownHoliday => throw new NotImplementedException();

    public bool IsWorkingDay(LocalDate date) => throw new NotImplementedException();

    /// <summary>The instant an allowance runs out, counted from <paramref name="start"/> (README of seeds/thresholds).</summary>
    public DateTimeOffset Deadline(DateTimeOffset start, RuleSets.Allowance allowance) => throw new NotImplementedException();
}
