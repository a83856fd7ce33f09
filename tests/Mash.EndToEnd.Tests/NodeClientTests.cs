using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// A client in another language that has only the .proto files (Node.js, @grpc/grpc-js with
/// @grpc/proto-loader; tests/node-client) submits a contact to intake and reads it back, and as a
/// hostile client is refused without a token and on re-cased paths.
/// </summary>
public sealed class NodeClientTests(Pipeline pipeline) : IClassFixture<Pipeline>
{
    static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_client_loading_only_the_proto_files_submits_a_contact_and_reads_it_back()
    {
        var clientDir = NodeClientFolder("submit-and-read.mjs");
        var script = Path.Combine(clientDir, "submit-and-read.mjs");

        // Signed in as the police (agency "wmp", the referrer.agency the script sends): it submits
        // as itself and reads its own contact back (the referrer's view).
        var partnerToken = TestIdentity.Token(Role.Partner, "wmp");
        var (exitCode, stdout, stderr) = await RunNodeAsync(clientDir, script,
            "--address", $"127.0.0.1:{pipeline.Intake.Port}", "--token", partnerToken,
            // A wait, not a timing: the first call on a loaded 2-core CI machine took over 20 s.
            "--deadline-seconds", "120");

        Assert.True(exitCode == 0, $"node submit-and-read.mjs exited with {exitCode}\nstderr:\n{stderr}\nstdout:\n{stdout}\nintake output:\n{pipeline.Intake.Output}");
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        using var reported = JsonDocument.Parse(line);
        string Field(string name) =>
            reported.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s
                ? s
                : throw new Xunit.Sdk.XunitException($"node reported no '{name}': {line}");
        var (contactId, childId, familyName, concernCategory) = (Field("contactId"), Field("childId"), Field("familyName"), Field("concernCategory"));

        // Read back by a screener with the C# client generated from the same contracts.
        var read = await pipeline.IntakeClient.GetContactAsync(new GetContactRequest { ContactId = contactId }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(contactId, read.Contact.ContactId);
        var child = Assert.Single(read.Contact.Children).Child;
        Assert.Equal(childId, child.ChildId);
        Assert.Equal(familyName, child.FamilyName);
        var concern = Assert.Single(read.Contact.Concerns);
        Assert.Equal(concernCategory, ProtoName(concern.Category));
        Assert.Equal("wmp", read.Contact.Referrer.Agency);
    }

    [Fact]
    public async Task A_node_client_is_refused_without_a_token_and_on_re_cased_paths()
    {
        var clientDir = NodeClientFolder("hostile.mjs");
        var (exitCode, stdout, stderr) = await RunNodeAsync(clientDir, Path.Combine(clientDir, "hostile.mjs"),
            "--address", $"127.0.0.1:{pipeline.Intake.Port}", "--partner-token", TestIdentity.Token(Role.Partner, "wmp"),
            "--deadline-seconds", "120");

        Assert.True(exitCode == 0, $"node hostile.mjs exited with {exitCode}\nstderr:\n{stderr}\nstdout:\n{stdout}");
        var answers = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("case").GetString()!, e => e.GetProperty("code").GetString()!);
        Assert.Equal(new Dictionary<string, string>
        {
            ["no token"] = "UNAUTHENTICATED",
            ["no token, package capitalised"] = "UNAUTHENTICATED",
            ["no token, all lower case"] = "UNAUTHENTICATED",
            ["partner, all upper case, a method partners may not call"] = "PERMISSION_DENIED",
        }, answers);
    }

    /// <summary>tests/node-client, checked to hold <paramref name="script"/> and its installed packages.</summary>
    static string NodeClientFolder(string script)
    {
        var clientDir = Path.Combine(ServiceProcess.RepositoryRoot(), "tests", "node-client");
        Assert.True(File.Exists(Path.Combine(clientDir, script)), $"{script} is missing from {clientDir}");
        foreach (var package in new[] { "@grpc/grpc-js", "@grpc/proto-loader" })
            Assert.True(Directory.Exists(Path.Combine(clientDir, "node_modules", package)),
                $"tests/node-client/node_modules/{package} is missing: run npm ci in tests/node-client, or deploy/mash test which does it");
        return clientDir;
    }

    /// <summary>The enum value's name in the .proto file (what a JSON client sees), e.g. CONCERN_CATEGORY_DOMESTIC_ABUSE.</summary>
    static string ProtoName(ConcernCategory category) =>
        CommonReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(ConcernCategory)).FindValueByNumber((int)category).Name;

    static async Task<(int ExitCode, string Stdout, string Stderr)> RunNodeAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("node", arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start(node) returned null");
        }
        catch (Win32Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"could not start node ({ex.Message}): install Node.js (deploy/local/provision.sh installs it) and run npm ci in tests/node-client, or deploy/mash test which does both");
        }
        using (process)
        {
            var stdout = new StringBuilder();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(NodeTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"node did not finish within {NodeTimeout.TotalSeconds}s\nstderr:\n{stderr}\nstdout:\n{stdout}");
            }
            process.WaitForExit(); // drains the redirected streams
            return (process.ExitCode, stdout.ToString(), stderr.ToString());
        }
    }
}
