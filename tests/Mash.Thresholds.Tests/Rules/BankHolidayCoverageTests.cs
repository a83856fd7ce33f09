using System.Text.Json;
using Mash.Thresholds.Domain.RuleSets;
using NodaTime;
using Xunit;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// seeds/calendar/bank-holidays.json: the working-day clocks are only right while the shipped list
/// covers the days they count over, so the list must reach at least a year ahead.
/// </summary>
public sealed class BankHolidayCoverageTests
{
    [Fact]
    public void Bank_holidays_cover_at_least_the_next_12_months()
    {
        var today = RuleSetCatalog.LondonDate(DateTimeOffset.UtcNow);
        var last = SeedFiles.Calendar.LastKnownHoliday;

        Assert.True(last >= today.PlusMonths(12),
            $"seeds/calendar/bank-holidays.json ends on {last:uuuu-MM-dd}, less than 12 months after today ({today:uuuu-MM-dd}): " +
            "extend seeds/calendar with the next years' england-and-wales events from gov.uk/bank-holidays.json (see seeds/calendar/README.md).");
    }

    [Fact]
    public void List_has_the_published_2026_dates()
    {
        var y2026 = Events().Select(e => e.Date).Where(d => d.Year == 2026);
        Assert.Equal(
            [new(2026, 1, 1), new(2026, 4, 3), new(2026, 4, 6), new(2026, 5, 4), new(2026, 5, 25), new(2026, 8, 31), new(2026, 12, 25), new(2026, 12, 28)],
            y2026);
    }

    [Fact]
    public void Every_holiday_is_a_weekday_listed_once_in_date_order()
    {
        var dates = Events().Select(e => e.Date).ToList();
        Assert.All(dates, d => Assert.True(d.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday), $"{d} is at a weekend: use the substitute day"));
        Assert.Equal(dates.Order(), dates);
        Assert.Equal(dates.Count, dates.Distinct().Count());
        // The eight regular England and Wales bank holidays every year (a one-off holiday adds to these).
        Assert.All(dates.GroupBy(d => d.Year), year => Assert.True(year.Count() >= 8, $"{year.Key} has {year.Count()} bank holidays"));
    }

    [Fact]
    public void The_calendar_skips_the_listed_days()
    {
        var calendar = SeedFiles.Calendar;
        Assert.Equal(Events().Max(e => e.Date), calendar.LastKnownHoliday);
        Assert.All(Events(), e => Assert.False(calendar.IsWorkingDay(e.Date), $"{e.Date} ({e.Title}) counted as a working day"));
        Assert.True(calendar.IsWorkingDay(new LocalDate(2026, 12, 29)));
    }

    private static IReadOnlyList<(LocalDate Date, string Title)> Events()
    {
        using var json = JsonDocument.Parse(SeedFiles.Read("seeds/calendar/bank-holidays.json"));
        var division = json.RootElement.GetProperty("england-and-wales");
        Assert.Equal("england-and-wales", division.GetProperty("division").GetString());
        return division.GetProperty("events").EnumerateArray()
            .Select(e => (LocalDate.FromDateTime(DateTime.Parse(e.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture)),
                e.GetProperty("title").GetString()!))
            .ToList();
    }
}
