using Mash.Contracts.Common.V1;

namespace Mash.Console.Forms;

/// <summary>
/// A report's period as the date inputs post it (yyyy-MM-dd, Europe/London, both inclusive, as audit
/// reads them); the last 30 days when none is given.
/// </summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    public const int DefaultDays = 30;

    public static Period Parse(string? from, string? to, DateOnly today)
    {
        var end = SubmitContactForm.ToDate(to ?? "") is { } t ? new DateOnly(t.Year, t.Month, t.Day) : today;
        var start = SubmitContactForm.ToDate(from ?? "") is { } f ? new DateOnly(f.Year, f.Month, f.Day) : end.AddDays(-DefaultDays);
        return new Period(start, end);
    }

    public Date Start => Convert(From);
    public Date End => Convert(To);

    public string FromText => From.ToString("yyyy-MM-dd");
    public string ToText => To.ToString("yyyy-MM-dd");

    static Date Convert(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };
}
