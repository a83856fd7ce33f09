using Mash.Contracts.Common.V1;

namespace Mash.Console.Forms;

/// <summary>
/// The GOV.UK date input's three boxes. What the person typed is sent as it is (0 for a box that is
/// not a number), so the service's own message says what is wrong with the date.
/// </summary>
public sealed class DateInput
{
    public string Day { get; set; } = "";
    public string Month { get; set; } = "";
    public string Year { get; set; } = "";

    public bool IsEmpty => (Day + Month + Year).Trim().Length == 0;

    /// <summary>Null when all three boxes are empty: the field is then unset, for the service to require or not.</summary>
    public Date? ToMessage() => IsEmpty ? null : new Date { Day = Number(Day), Month = Number(Month), Year = Number(Year) };

    static int Number(string text) => int.TryParse(text.Trim(), out var n) ? n : 0;
}
