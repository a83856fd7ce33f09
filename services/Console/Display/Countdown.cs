using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Console.Display;

/// <summary>
/// How long is left to a deadline, in words a screener reads at a glance: working time (office hours
/// of working days, as every clock counts), or real time once no office time is left before it or it
/// has passed. wwwroot/js/countdown.js says the same in the browser every 30 seconds, from the
/// office time the server counted (<see cref="Office"/>); without script the server's text stands.
/// </summary>
public sealed record Countdown(string Text, bool Overdue, bool DueSoon)
{
    public static readonly TimeSpan Soon = TimeSpan.FromHours(1);

    /// <summary>Real time: for a deadline with no calendar to hand (and as the script's last resort).</summary>
    public static Countdown Between(DateTimeOffset now, DateTimeOffset due)
    {
        var left = due - now;
        return left < TimeSpan.Zero
            ? new Countdown($"overdue by {Span(-left)}", Overdue: true, DueSoon: false)
            : new Countdown($"{Span(left)} left", Overdue: false, DueSoon: left < Soon);
    }

    /// <summary>
    /// Working time left ("1 working day 3 h left"); "out of hours" with the real time left when the
    /// office closes for good before the deadline; overdue in real time.
    /// </summary>
    public static Countdown Between(DateTimeOffset now, DateTimeOffset due, WorkingCalendar calendar) =>
        Between(now, due, OfficeAt(now, due, calendar));

    /// <summary>The same from the office time already counted (<see cref="OfficeAt"/>), which the page also hands the script.</summary>
    public static Countdown Between(DateTimeOffset now, DateTimeOffset due, Office office)
    {
        if (due <= now) return Between(now, due);
        if (office.Left <= TimeSpan.Zero) return new Countdown($"{Span(due - now)} left, out of hours", Overdue: false, DueSoon: true);
        return new Countdown($"{WorkingSpan(office.Left, office.Day)} left", Overdue: false, DueSoon: office.Left < Soon);
    }

    /// <summary>What the script needs to keep a working-time countdown going: office time left now, and until when office time runs.</summary>
    public sealed record Office(TimeSpan Left, DateTimeOffset? RunsUntil, TimeSpan Day);

    public static Office OfficeAt(DateTimeOffset now, DateTimeOffset due, WorkingCalendar calendar)
    {
        var left = calendar.OfficeTimeBetween(now, due).ToTimeSpan();
        // Inside office hours the office time left falls as real time passes, until the office closes.
        DateTimeOffset? until = null;
        if (calendar.NextOfficeTime(now) == now)
            until = now + calendar.OfficeTimeBetween(now, WorkingCalendar.EndOf(WorkingCalendar.LocalDateOf(now))).ToTimeSpan();
        return new Office(left, until, calendar.OfficeHours.Length.ToTimeSpan());
    }

    /// <summary>
    /// Working time (office hours of working days) in office days and hours: "2 working days 3 h",
    /// "1 working day", "4 h 05 min". A day is one office day (8 hours unless the hub keeps others).
    /// </summary>
    public static string WorkingSpan(TimeSpan working, TimeSpan officeDay)
    {
        var days = (long)(working.Ticks / officeDay.Ticks);
        var rest = working - TimeSpan.FromTicks(officeDay.Ticks * days);
        if (days == 0) return Span(rest);
        var unit = days == 1 ? "working day" : "working days";
        var hours = (long)rest.TotalHours;
        return hours > 0 ? $"{days} {unit} {hours} h" : $"{days} {unit}";
    }

    /// <summary>Whole minutes, rounded down: "2 d 3 h", "4 h 05 min", "12 min", "under a minute".</summary>
    public static string Span(TimeSpan span)
    {
        var minutes = (long)span.TotalMinutes;
        if (minutes < 1) return "under a minute";
        var (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        if (days > 0) return $"{days} d {hours} h";
        if (hours > 0) return $"{hours} h {mins:00} min";
        return $"{mins} min";
    }
}
