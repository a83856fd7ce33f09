using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// Working days in Europe/London: Monday to Friday, skipping England and Wales bank holidays
/// (seeds/calendar/bank-holidays.json, the published list, shipped as data).
/// </summary>
public sealed class WorkingCalendar
{
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    private readonly HashSet<LocalDate> _holidays;

    public WorkingCalendar(IEnumerable<LocalDate> bankHolidays)
    {
        _holidays = [.. bankHolidays];
        LastKnownHoliday = _holidays.Count == 0 ? LocalDate.MinIsoValue : _holidays.Max();
    }

    /// <summary>Reads the gov.uk bank-holidays JSON shape ("england-and-wales" -> "events" -> "date").</summary>
    public static WorkingCalendar FromGovUkJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("england-and-wales", out var division)
            || !division.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            throw new FormatException("bank holidays: expected {\"england-and-wales\": {\"events\": [...]}} (the gov.uk shape)");
        var dates = new List<LocalDate>();
        foreach (var e in events.EnumerateArray())
        {
            var text = e.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var parsed = LocalDatePattern.Iso.Parse(text ?? "");
            if (!parsed.Success) throw new FormatException($"bank holidays: '{text}' is not a yyyy-MM-dd date");
            dates.Add(parsed.Value);
        }
        return new WorkingCalendar(dates);
    }

    /// <summary>The last date the shipped list covers (a test fails before it runs out).</summary>
    public LocalDate LastKnownHoliday { get; }

    public bool IsWorkingDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>The first working day after <paramref name="date"/>.</summary>
    public LocalDate NextWorkingDay(LocalDate date)
    {
        do date = date.PlusDays(1);
        while (!IsWorkingDay(date));
        return date;
    }

    /// <summary>The instant an allowance runs out, counted from <paramref name="start"/> (README of seeds/thresholds).</summary>
    public DateTimeOffset Deadline(DateTimeOffset start, Allowance allowance)
    {
        // Elapsed hours are instants apart: a 4-hour deadline across a clocks change is still 4 real hours.
        if (allowance.Hours is { } hours) return start.ToUniversalTime().AddHours(hours);

        var local = Instant.FromDateTimeOffset(start).InZone(London).LocalDateTime;
        // A start on a weekend or bank holiday counts from the beginning of the next working day.
        var (day, time) = IsWorkingDay(local.Date) ? (local.Date, local.TimeOfDay) : (NextWorkingDay(local.Date), LocalTime.Midnight);

        if (allowance.WorkingHours is { } h)
        {
            // Count the hours left in each working day, then move to the start of the next one.
            var at = day + time;
            var left = Duration.FromHours(h);
            while (true)
            {
                var endOfDay = at.Date.PlusDays(1).AtMidnight();
                var available = Duration.FromTicks(Period.Between(at, endOfDay, PeriodUnits.Ticks).Ticks);
                if (left <= available) return ToOffset(London.ResolveLocal(at.PlusTicks(left.BclCompatibleTicks), Resolvers.LenientResolver));
                left -= available;
                at = NextWorkingDay(at.Date).AtMidnight();
            }
        }
        if (allowance.WorkingDays is { } n)
        {
            for (var i = 0; i < n; i++) day = NextWorkingDay(day);
            return ToOffset(London.ResolveLocal(day + time, Resolvers.LenientResolver));
        }
        if (allowance.SameWorkingDay) return ToOffset(London.AtStartOfDay(day.PlusDays(1)));
        throw new ArgumentException("an allowance gives one of hours, working hours, working days or the same working day", nameof(allowance));
    }

    private static DateTimeOffset ToOffset(ZonedDateTime zoned) => zoned.ToInstant().ToDateTimeOffset();
}
