using System.Text.Json;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// Working time in Europe/London: working days are Monday to Friday, skipping England and Wales bank
/// holidays (seeds/calendar/bank-holidays.json, the published list, shipped as data), and working
/// hours are the office hours of those days: an authority's own (<see cref="For"/>,
/// seeds/calendar/office-hours.yaml), else this calendar's.
/// </summary>
public sealed class WorkingCalendar
{
    public static DateTimeZone London { get; } = DateTimeZoneProviders.Tzdb["Europe/London"];

    /// <summary>At risk when this share of a clock's working time is left (a fifth).</summary>
    public const int AtRiskDivisor = 5;

    private readonly HashSet<LocalDate> _holidays;

    public WorkingCalendar(IEnumerable<LocalDate> bankHolidays, OfficeHours? officeHours = null)
    {
        _holidays = [.. bankHolidays];
        LastKnownHoliday = _holidays.Count == 0 ? LocalDate.MinIsoValue : _holidays.Max();
        OfficeHours = (officeHours ?? OfficeHours.Default).Checked();
    }

    /// <summary>Reads the gov.uk bank-holidays JSON shape ("england-and-wales" -> "events" -> "date").</summary>
    public static WorkingCalendar FromGovUkJson(string json, OfficeHours? officeHours = null)
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
        return new WorkingCalendar(dates, officeHours);
    }

    /// <summary>The same bank holidays with other office hours.</summary>
    public WorkingCalendar WithOfficeHours(OfficeHours officeHours) =>
        officeHours == OfficeHours ? this : new WorkingCalendar(_holidays, officeHours);

    IReadOnlyDictionary<string, WorkingCalendar> _authorities = new Dictionary<string, WorkingCalendar>();

    /// <summary>
    /// This calendar, whose office hours are those of an authority not named, knowing each named
    /// authority's own (<see cref="For"/>).
    /// </summary>
    public WorkingCalendar WithAuthorities(IReadOnlyDictionary<string, OfficeHours> byAuthority)
    {
        var calendar = new WorkingCalendar(_holidays, OfficeHours);
        calendar._authorities = byAuthority.ToDictionary(a => a.Key, a => a.Value == OfficeHours ? calendar : new WorkingCalendar(_holidays, a.Value),
            StringComparer.Ordinal);
        return calendar;
    }

    /// <summary>The calendar of an authority: the same working days with its own office hours (these when it has none).</summary>
    public WorkingCalendar For(string localAuthority) => _authorities.GetValueOrDefault(localAuthority, this);

    /// <summary>The last date the shipped list covers (a test fails before it runs out).</summary>
    public LocalDate LastKnownHoliday { get; }

    public OfficeHours OfficeHours { get; }

    public bool IsWorkingDay(LocalDate date) =>
        date.DayOfWeek is not (IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday) && !_holidays.Contains(date);

    /// <summary>The first working day after <paramref name="date"/>.</summary>
    public LocalDate NextWorkingDay(LocalDate date)
    {
        do date = date.PlusDays(1);
        while (!IsWorkingDay(date));
        return date;
    }

    /// <summary>
    /// The instant an allowance runs out, counted from <paramref name="start"/> (README of seeds/thresholds):
    /// elapsed hours are real time; working hours are office hours of working days; N working days end
    /// at the end (local midnight) of the Nth working day after the start's date, as the DfE counts whole
    /// days; the same working day ends at the end of the start's date, or of the next working day.
    /// </summary>
    public DateTimeOffset Deadline(DateTimeOffset start, Allowance allowance)
    {
        // Elapsed hours are instants apart: a 4-hour deadline across a clocks change is still 4 real hours.
        if (allowance.Hours is { } hours) return start.ToUniversalTime().AddHours(hours);

        var date = LocalDateOf(start);
        if (allowance.WorkingHours is { } h) return AfterOfficeTime(start, Duration.FromHours(h));
        if (allowance.WorkingDays is { } n)
        {
            for (var i = 0; i < n; i++) date = NextWorkingDay(date);
            return EndOf(date);
        }
        if (allowance.SameWorkingDay) return EndOf(IsWorkingDay(date) ? date : NextWorkingDay(date));
        throw new ArgumentException("an allowance gives one of hours, working hours, working days or the same working day", nameof(allowance));
    }

    /// <summary>
    /// When a clock from <paramref name="start"/> to <paramref name="due"/> becomes at risk: when a
    /// fifth of the working time it was given is left. It therefore always falls in office hours
    /// (a person can act on it). Null when the clock spans no office time at all (a red decision
    /// due before the office opens): such a clock has no at-risk alert, only its breach.
    /// </summary>
    public DateTimeOffset? AtRisk(DateTimeOffset start, DateTimeOffset due)
    {
        var given = OfficeTimeBetween(start, due);
        if (given <= Duration.Zero) return null;
        return BeforeOfficeTime(due, given / AtRiskDivisor);
    }

    /// <summary>The office time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public Duration OfficeTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return Duration.Zero;
        var total = Duration.Zero;
        for (var date = LocalDateOf(from); date <= LocalDateOf(to); date = date.PlusDays(1))
        {
            if (!IsWorkingDay(date)) continue;
            var (opens, closes) = OfficeOf(date);
            var a = from > opens ? from : opens;
            var b = to < closes ? to : closes;
            if (b > a) total += Duration.FromTimeSpan(b - a);
        }
        return total;
    }

    /// <summary>The instant itself when it is in office hours, else the next opening.</summary>
    public DateTimeOffset NextOfficeTime(DateTimeOffset instant)
    {
        var date = LocalDateOf(instant);
        if (IsWorkingDay(date))
        {
            var (opens, closes) = OfficeOf(date);
            if (instant < opens) return opens;
            if (instant < closes) return instant;
        }
        return OfficeOf(NextWorkingDay(date)).Opens;
    }

    /// <summary>The calendar date (Europe/London) of an instant.</summary>
    public static LocalDate LocalDateOf(DateTimeOffset instant) => Instant.FromDateTimeOffset(instant).InZone(London).Date;

    /// <summary>The last date a deadline still covers: for a working-day deadline (the end of a day), that day.</summary>
    public static LocalDate LastDayOf(DateTimeOffset due) => LocalDateOf(due.AddTicks(-1));

    /// <summary>The end of a date in London: the start of the next one.</summary>
    public static DateTimeOffset EndOf(LocalDate date) => London.AtStartOfDay(date.PlusDays(1)).ToInstant().ToDateTimeOffset();

    // Office hours never straddle a clocks change (those are at 01:00 and 02:00), so each end resolves cleanly.
    (DateTimeOffset Opens, DateTimeOffset Closes) OfficeOf(LocalDate date) =>
        (At(date + OfficeHours.Opens), At(date + OfficeHours.Closes));

    static DateTimeOffset At(LocalDateTime local) => London.ResolveLocal(local, Resolvers.LenientResolver).ToInstant().ToDateTimeOffset();

    DateTimeOffset AfterOfficeTime(DateTimeOffset start, Duration amount)
    {
        var date = LocalDateOf(start);
        if (!IsWorkingDay(date)) date = NextWorkingDay(date);
        while (true)
        {
            var (opens, closes) = OfficeOf(date);
            var from = start > opens ? start : opens;
            var available = closes > from ? Duration.FromTimeSpan(closes - from) : Duration.Zero;
            if (amount <= available) return from + amount.ToTimeSpan();
            amount -= available;
            date = NextWorkingDay(date);
        }
    }

    DateTimeOffset BeforeOfficeTime(DateTimeOffset end, Duration amount)
    {
        var date = LocalDateOf(end);
        while (true)
        {
            if (IsWorkingDay(date))
            {
                var (opens, closes) = OfficeOf(date);
                var to = end < closes ? end : closes;
                var available = to > opens ? Duration.FromTimeSpan(to - opens) : Duration.Zero;
                if (amount <= available) return to - amount.ToTimeSpan();
                amount -= available;
            }
            date = date.PlusDays(-1);
        }
    }
}
