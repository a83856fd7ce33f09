using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Mash.Testing;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>
/// The repository cites public sources by title; the team's private notes live outside it and
/// must never be named or linked from it, so a reader of the repository alone can
/// follow every reference.
/// </summary>
public sealed class PrivateNotesTests
{
    // Spelled in pieces so this file does not match itself.
    static readonly string[] CaseSensitive = ["shared" + "/"];
    static readonly string[] AnyCase = ["SOURCES" + ".md", "STACK" + "-NOTES", "ARCHITECTURE" + ".md", "domain" + " notes", "design" + " notes"];

    [Fact]
    public void No_tracked_file_mentions_the_private_design_or_domain_notes()
    {
        var root = ServiceProcess.RepositoryRoot();
        var files = RepositoryFiles.Tracked(root);
        Assert.True(files.Count > 100, $"git ls-files listed only {files.Count} files");

        var found = new List<string>();
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path)) continue; // deleted in the working tree, not yet committed
            var bytes = File.ReadAllBytes(path);
            if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8000)) >= 0) continue; // binary
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var hit = CaseSensitive.FirstOrDefault(p => lines[i].Contains(p, StringComparison.Ordinal))
                    ?? AnyCase.FirstOrDefault(p => lines[i].Contains(p, StringComparison.OrdinalIgnoreCase));
                if (hit is not null) found.Add($"{file}:{i + 1}: '{hit}'");
            }
        }
        Assert.True(found.Count == 0,
            "Cite the public source by title instead (e.g. Ofsted ILACS Annex A, Working Together to Safeguard Children 2023):\n" + string.Join("\n", found));
    }
}

/// <summary>
/// services/THREAT-MODEL.md names, for every threat, the test that proves its control: each named
/// test must exist in tests/, so a renamed or deleted test cannot leave the model claiming a proof.
/// </summary>
public sealed partial class ThreatModelTests
{
    [Fact]
    public void Every_test_the_threat_model_names_exists_and_every_threat_names_one()
    {
        var root = ServiceProcess.RepositoryRoot();
        var model = File.ReadAllLines(Path.Combine(root, "services", "THREAT-MODEL.md"));
        var sources = TestSources(root);
        var problems = new List<string>();
        var tables = 0;
        var named = 0;

        for (var i = 0; i < model.Length; i++)
        {
            if (!model[i].StartsWith("| threat | control | test |", StringComparison.Ordinal)) continue;
            tables++;
            for (var row = i + 2; row < model.Length && model[row].StartsWith('|'); row++)
            {
                var cells = model[row].Trim().Trim('|').Split(" | ");
                var tests = TestName().Matches(cells[^1]).Select(m => m.Groups[1].Value).ToList();
                if (tests.Count == 0) problems.Add($"line {row + 1}: names no test");
                foreach (var test in tests)
                {
                    named++;
                    if (Missing(test, sources) is { } why) problems.Add($"line {row + 1}: {test}: {why}");
                }
            }
        }

        Assert.True(tables >= 7, $"found {tables} threat tables; expected one per asset");
        Assert.True(named >= 50, $"the model names only {named} tests");
        Assert.Contains(model, l => l.StartsWith("## Gaps and accepted risks", StringComparison.Ordinal));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Why <paramref name="test"/> (Namespace.Class.Method) is not in the sources, or null when it is.</summary>
    static string? Missing(string test, IReadOnlyList<string> sources)
    {
        var parts = test.Split('.');
        if (parts.Length < 3) return "not Namespace.Class.Method";
        var (ns, type, method) = (string.Join('.', parts[..^2]), parts[^2], parts[^1]);
        var declaring = sources.Where(s =>
            Regex.IsMatch(s, $@"^namespace {Regex.Escape(ns)}\s*[;{{]", RegexOptions.Multiline)
            && Regex.IsMatch(s, $@"\bclass {Regex.Escape(type)}\b")).ToList();
        if (declaring.Count == 0) return $"no class {type} in namespace {ns}";
        return declaring.Any(s => Regex.IsMatch(s, $@"\b(void|Task|ValueTask)\s+{Regex.Escape(method)}\s*\("))
            ? null : $"class {type} has no test method {method}";
    }

    static List<string> TestSources(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

    [GeneratedRegex(@"`(Mash\.[A-Za-z0-9_.]+)`")]
    private static partial Regex TestName();
}

/// <summary>The files git tracks, relative to the repository root.</summary>
public static class RepositoryFiles
{
    public static List<string> Tracked(string root)
    {
        var start = new ProcessStartInfo("git", ["-C", root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var stdout = git.StandardOutput.ReadToEndAsync();
        var stderr = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0) throw new InvalidOperationException($"git ls-files failed ({git.ExitCode}): {stderr}");
        return stdout.Result.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
