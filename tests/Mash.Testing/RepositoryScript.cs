using System.Diagnostics;

namespace Mash.Testing;

/// <summary>Runs one of the repository's bash scripts (deploy/...) as deploy/mash and the containers do.</summary>
public static class RepositoryScript
{
    /// <param name="script">The script's path from the repository root, e.g. deploy/local/grpc-health.sh.</param>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string script, IEnumerable<string> arguments,
        IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("bash", [Path.Combine(ServiceProcess.RepositoryRoot(), script), .. arguments])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not run {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await errors);
    }
}
