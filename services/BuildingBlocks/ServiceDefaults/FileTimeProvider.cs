using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>
/// Development and tests only (Audit__Clocks__TimeFile, EarlyHelp__TimeFile): "now" is the instant
/// written in a file, so a test running the real service can stand it just before and just after a
/// deadline days away, whatever the day it runs on. Timers still count real time; the scheduler's
/// poll interval bounds how soon a new "now" is seen.
/// </summary>
public sealed class FileTimeProvider(string path) : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var text = File.ReadAllText(path).Trim();
        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }
}

public static class FileTimeProviderExtensions
{
    /// <summary>
    /// The service's clock reads the file named by <paramref name="key"/> of <paramref name="section"/>
    /// when one is given; refused in Production, where time is the system's.
    /// </summary>
    public static IHostApplicationBuilder UseTimeFile(this IHostApplicationBuilder builder, IConfigurationSection section, string key)
    {
        var timeFile = section.GetValue<string>(key);
        if (string.IsNullOrEmpty(timeFile)) return builder;
        if (builder.Environment.IsProduction())
        {
            var setting = $"{section.Path}:{key}".Replace(":", "__", StringComparison.Ordinal);
            throw new InvalidOperationException($"{setting} moves the service's clock: it is for development and tests, never Production");
        }
        builder.Services.AddSingleton<TimeProvider>(new FileTimeProvider(Path.GetFullPath(timeFile)));
        return builder;
    }
}
