using Google.Protobuf.WellKnownTypes;
using Mash.Console.Display;

namespace Mash.Console.Forms;

/// <summary>
/// When something happened, as a person types it: the GOV.UK date input and a time (24-hour, London).
/// A date or time that cannot be read is not sent, so the service's own "is required" speaks for it.
/// </summary>
public sealed class DateTimeInput
{
    public DateInput Date { get; set; } = new();
    public string Time { get; set; } = "";

    public Timestamp? ToMessage() =>
        DateOnly.TryParseExact($"{Date.Year.Trim()}-{Date.Month.Trim().PadLeft(2, '0')}-{Date.Day.Trim().PadLeft(2, '0')}", "yyyy-MM-dd", out var day)
        && TimeOnly.TryParseExact(Time.Trim(), ["H:mm", "HH:mm", "H.mm", "HH.mm"], out var time)
            ? Timestamp.FromDateTimeOffset(LondonTime.At(day, time))
            : null;
}
