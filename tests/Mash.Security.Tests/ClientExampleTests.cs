using System.Diagnostics;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>
/// The client examples under contracts/examples, run as a partner would run them against the
/// running services: a contact stored and read back, and a refused one's field violations printed.
/// </summary>
[Collection(nameof(RunningServices))]
public sealed class ClientExampleTests(Services services)
{
    static string Root => ServiceProcess.RepositoryRoot();

    static string Seed => Path.Combine(Root, "seeds", "contacts", "002-school-physical-abuse-disclosure.json");

    [Fact]
    public async Task The_curl_example_submits_reads_back_and_prints_the_violations_of_a_refused_contact()
    {
        var script = Path.Combine(Root, "contracts", "examples", "curl", "submit-and-read.sh");
        var token = TestIdentity.Token(Role.Partner, PartnerOf(Seed));
        var environment = new Dictionary<string, string> { ["MASH_REST_URL"] = $"http://127.0.0.1:{services.Intake.HttpPort}", ["MASH_TOKEN"] = token };

        await StoresReadsBackAndPrintsViolationsAsync("bash", script, environment);
    }

    [Fact]
    public async Task The_node_example_submits_reads_back_and_prints_the_violations_of_a_refused_contact()
    {
        var folder = Path.Combine(Root, "contracts", "examples", "node");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@grpc", "grpc-js")),
            $"{folder}/node_modules is missing: npm ci --prefix contracts/examples/node (deploy/mash test does it)");
        var script = Path.Combine(folder, "submit-and-read.mjs");
        var environment = new Dictionary<string, string>
        {
            ["MASH_GRPC_ADDRESS"] = $"127.0.0.1:{services.Intake.Port}",
            ["MASH_TOKEN"] = TestIdentity.Token(Role.Partner, PartnerOf(Seed)),
        };

        await StoresReadsBackAndPrintsViolationsAsync("node", script, environment);
    }

    [Fact]
    public async Task The_python_example_submits_reads_back_and_prints_the_violations_of_a_refused_contact()
    {
        // Debian's Python, where python3-grpcio and python3-protobuf are (not a pyenv or venv one first on PATH).
        var script = Path.Combine(Root, "contracts", "examples", "python", "submit_and_read.py");
        var environment = new Dictionary<string, string>
        {
            ["MASH_GRPC_ADDRESS"] = $"127.0.0.1:{services.Intake.Port}",
            ["MASH_TOKEN"] = TestIdentity.Token(Role.Partner, PartnerOf(Seed)),
        };

        await StoresReadsBackAndPrintsViolationsAsync("/usr/bin/python3", script, environment);
    }

    /// <summary>
    /// The example stores a fresh copy of the seed contact and reads it back (exit 0), and prints
    /// the field violation of a copy with a bad NHS number (exit 1).
    /// </summary>
    static async Task StoresReadsBackAndPrintsViolationsAsync(string program, string script, IDictionary<string, string> environment)
    {
        var stored = await RunAsync(program, [script, WithFreshKey(Seed)], environment);
        Assert.True(stored.ExitCode == 0, stored.Output);
        Assert.Matches(@"submitted contact [0-9a-f-]{36} \(new\)", stored.Output);
        Assert.Contains("CHILD_STATUS_", stored.Output);

        var refused = await RunAsync(program, [script, WithFreshKey(Seed, nhsNumber: "1234567890")], environment);
        Assert.True(refused.ExitCode == 1, refused.Output);
        Assert.Contains("children[0].nhs_number:", refused.Output);
    }

    /// <summary>The referrer agency of a seed contact: the example's token must be that agency's.</summary>
    static string PartnerOf(string file) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!["referrer"]!["agency"]!.GetValue<string>();

    /// <summary>A copy of a seed contact under a fresh idempotency key (and, when given, another first child's NHS number).</summary>
    static string WithFreshKey(string file, string? nhsNumber = null)
    {
        var contact = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        contact["idempotencyKey"] = Guid.NewGuid().ToString();
        if (nhsNumber is not null) contact["children"]![0]!["nhsNumber"] = nhsNumber;
        var copy = Path.Combine(Path.GetTempPath(), $"mash-example-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, contact.ToJsonString());
        return copy;
    }

    static async Task<(int ExitCode, string Output)> RunAsync(string program, string[] arguments, IDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
