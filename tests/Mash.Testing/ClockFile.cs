using System.Globalization;

namespace Mash.Testing;

/// <summary>
/// The file a service under test reads its "now" from (FileTimeProvider: Audit__Clocks__TimeFile,
/// EarlyHelp__TimeFile), in the fixture's folder. A new time is written whole and then renamed into
/// place, as an editor saves, so the service never reads half of one.
/// </summary>
public sealed class ClockFile(string folder)
{
    public string Path { get; } = System.IO.Path.Combine(folder, "now.txt");

    public async Task SetAsync(DateTimeOffset now)
    {
        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, $"{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        File.Move(temporary, Path, overwrite: true);
    }
}
