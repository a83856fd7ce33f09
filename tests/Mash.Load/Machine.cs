using System.Runtime.InteropServices;

namespace Mash.Load;

/// <summary>The machine the figures came from, and how busy it was (others may share it).</summary>
public sealed record Machine(string Cpu, int Cores, string Os, string Runtime, string LoadAverage)
{
    public static Machine Now() => new(
        Cpu: ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores: Environment.ProcessorCount,
        Os: RuntimeInformation.OSDescription,
        Runtime: RuntimeInformation.FrameworkDescription,
        LoadAverage: LoadAverageNow());

    /// <summary>/proc/loadavg's 1, 5 and 15 minute averages ("1.20 0.80 0.60").</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    static string? ReadFirst(string file, string key) =>
        File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() : null;
}
