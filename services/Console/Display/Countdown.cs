namespace Mash.Console.Display;

/// <summary>
/// How long is left to a deadline, in words a screener reads at a glance. wwwroot/js/countdown.js says
/// the same in the browser every 30 seconds; without script the server's text stands.
/// </summary>
public sealed record Countdown(string Text, bool Overdue, bool DueSoon)
{
    public static readonly TimeSpan Soon = TimeSpan.FromHours(1);

    public static Countdown Between(DateTimeOffset now, DateTimeOffset due)
    {
        var left = due - now;
        return left < TimeSpan.Zero
            ? new Countdown($"overdue by {Span(-left)}", Overdue: true, DueSoon: false)
            : new Countdown($"{Span(left)} left", Overdue: false, DueSoon: left < Soon);
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
