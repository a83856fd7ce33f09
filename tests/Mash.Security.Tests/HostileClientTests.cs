using System.Collections.Concurrent;
using Google.Protobuf.Reflection;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>
/// A hostile client against the five running services: every method of every service in the
/// contracts (read from the generated descriptors, so a new method or service is attacked without
/// a change here), each path spelled many ways over raw HTTP/2, with forged, expired, over-long and
/// incomplete tokens, and as every role. Nothing may answer OK where the README's access table says
/// no, and nothing but health and reflection may answer without a valid token.
/// </summary>
[Collection(nameof(RunningServices))]
public sealed class HostileClientTests(Services services) : IDisposable
{
    readonly RawGrpc _client = new();

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly ServiceDescriptor[] Contract = Services.Contract;

    ServiceProcess Process(ServiceDescriptor service) => services.For(service);

    [Fact]
    public void The_contracts_hold_the_five_services_and_every_method_has_a_row_in_the_readme()
    {
        var table = ReadmeAccessTable.Read();
        Assert.Equal(5, Contract.Length);
        var missing = Contract.SelectMany(s => s.Methods.Where(m => !table.ContainsKey((ReadmeAccessTable.NameOf(s, table.Keys.Select(k => k.Service)), m.Name)))
            .Select(m => m.FullName)).ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public async Task Every_spelling_of_every_path_without_a_token_or_with_a_role_the_table_refuses_is_refused()
    {
        var table = ReadmeAccessTable.Read();
        var tokens = ReadmeAccessTable.People.Select(role => (Role: (Role?)role, Authorization: (string?)$"Bearer {Token(role)}"))
            .Prepend((Role: null, Authorization: null)).ToList();
        var calls = (
            from service in Contract
            from method in service.Methods
            from spelling in PathSpellings.Of(service.FullName, method.Name)
            from token in tokens
            select (service, method, spelling, token)).ToList();

        var wrong = new ConcurrentBag<string>();
        var elapsed = await Concurrently.RunAsync(calls, async call =>
        {
            var (service, method, (spelling, path), (role, authorization)) = call;
            var answer = await _client.CallAsync(Process(service).Port, path, authorization, Cancel);
            var what = $"{method.FullName} as {role?.ToString() ?? "nobody"}, path {spelling} ({path}): {answer}";
            if (role is null)
            {
                if (answer.Outcome != "Unauthenticated") wrong.Add($"{what}; expected Unauthenticated");
                return;
            }
            var admitted = table[(ReadmeAccessTable.NameOf(service, table.Keys.Select(k => k.Service)), method.Name)].Contains(role.Value);
            if (!admitted && answer.Outcome != "PermissionDenied")
                wrong.Add($"{what}; the README's table refuses a {role}");
            // The suite proves something only if an admitted caller does reach the method.
            if (admitted && spelling == "canonical" && (answer.Outcome is "Unauthenticated" || answer.Outcome.StartsWith("HTTP", StringComparison.Ordinal)
                || (answer.Outcome == "PermissionDenied" && ReadmeAccessTable.AccessRefusal().IsMatch(answer.Message))))
                wrong.Add($"{what}; the README's table admits a {role}");
        });

        TestContext.Current.SendDiagnosticMessage($"{calls.Count} calls in {elapsed.TotalSeconds:0.0} s");
        Assert.Empty(wrong.Order());
    }

    [Fact]
    public async Task No_forged_expired_over_long_or_incomplete_token_is_accepted_by_any_method()
    {
        // The baseline these tokens vary is accepted: the refusals below are the variations' doing.
        var baseline = await _client.CallAsync(services.Intake.Port, "/mash.intake.v1.IntakeService/ListContacts", HostileTokens.Baseline(), Cancel);
        Assert.Equal("OK", baseline.Outcome);

        var spellings = new[] { "canonical", "package capitalised", "dots as %2E", "re-cased with a trailing slash" };
        var calls = (
            from service in Contract
            from method in service.Methods
            from spelling in PathSpellings.Of(service.FullName, method.Name).Where(s => spellings.Contains(s.Spelling))
            from token in HostileTokens.All()
            select (method, spelling, token, port: Process(service).Port)).ToList();

        var wrong = new ConcurrentBag<string>();
        var elapsed = await Concurrently.RunAsync(calls, async call =>
        {
            var answer = await _client.CallAsync(call.port, call.spelling.Path, call.token.Authorization, Cancel);
            if (answer.Outcome != "Unauthenticated")
                wrong.Add($"{call.method.FullName} with {call.token.Name}, path {call.spelling.Spelling}: {answer}; expected Unauthenticated");
        });

        TestContext.Current.SendDiagnosticMessage($"{calls.Count} calls in {elapsed.TotalSeconds:0.0} s");
        Assert.Empty(wrong.Order());
    }

    [Fact]
    public async Task Only_health_and_reflection_answer_without_a_token()
    {
        foreach (var service in services.Services)
        {
            Assert.Equal("OK", (await _client.CallAsync(service.Port, "/grpc.health.v1.Health/Check", null, Cancel)).Outcome);
            // Development only (these services run in Development); a reflection stream that ends at once is answered OK.
            Assert.Equal("OK", (await _client.CallAsync(service.Port, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", null, Cancel)).Outcome);
            foreach (var path in new[] { "/", "/mash.intake.v1.IntakeService", "/mash.nothing.v1.Nothing/Call", "/Grpc.Health.V1.Health/check/../../mash.intake.v1.IntakeService/ListContacts" })
                Assert.Equal((path, "Unauthenticated"), (path, (await _client.CallAsync(service.Port, path, null, Cancel)).Outcome));
            // The anonymous health service's own unknown methods: its catch-all, which runs nothing.
            Assert.Equal("Unimplemented", (await _client.CallAsync(service.Port, "/grpc.health.v1.Health/Nothing", null, Cancel)).Outcome);
        }
    }

    static string Token(Role role) => TestIdentity.Token(role, role == Role.Partner ? "wmp" : "");

    public void Dispose() => _client.Dispose();
}
