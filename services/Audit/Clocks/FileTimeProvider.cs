using System.Globalization;

namespace Mash.Audit.Clocks;

/// <summary>
/// Development and tests only (Audit__Clocks__TimeFile): "now" is the instant written in a file,
/// so a test running the real service can stand it just before and just after a deadline days
/// away. Timers still count real time; the scheduler's poll interval bounds how soon a new "now"
/// is seen.
/// </summary>
public sealed class FileTimeProvider(string path) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var text = File.ReadAllText(path).Trim();
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}
