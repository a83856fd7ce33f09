using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using NodaTime;

namespace Mash.Audit.Domain.Clocks;

/// <summary>Calendar dates of requests (Europe/London) as the instants that bound them.</summary>
public static class LondonDates
{
    public static bool TryRead(Date? date, out LocalDate value)
    {
        value = default;
        if (date is null || date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1
            || date.Day > CalendarSystem.Iso.GetDaysInMonth(date.Year, date.Month)) return false;
        value = new LocalDate(date.Year, date.Month, date.Day);
        return true;
    }

    /// <summary>The first instant of the day in London.</summary>
    public static DateTimeOffset StartOf(LocalDate day) => WorkingCalendar.London.AtStartOfDay(day).ToInstant().ToDateTimeOffset();

    /// <summary>The first instant after the day in London (an exclusive end).</summary>
    public static DateTimeOffset EndOf(LocalDate day) => StartOf(day.PlusDays(1));

    public static LocalDate Today(DateTimeOffset now) => Instant.FromDateTimeOffset(now).InZone(WorkingCalendar.London).Date;
}
