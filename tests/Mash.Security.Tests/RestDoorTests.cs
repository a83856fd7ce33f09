using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>
/// The hostile-client suite over the REST door (JSON over HTTP/1.1, the services' Mash:HttpPort):
/// every annotated method, its path spelled many ways, with no token, every role and every
/// hostile token; the gRPC paths on the same port; and bodies that are too large or not JSON.
/// The access rules are the README's table, the same as over gRPC.
/// </summary>
[Collection(nameof(RunningServices))]
public sealed class RestDoorTests(Services services) : IDisposable
{
    readonly RawRest _client = new();

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    int HttpPort(MethodDescriptor method) => services.For(method.Service).HttpPort;

    static string Bearer(Role role, string agency = "wmp") => $"Bearer {TestIdentity.Token(role, role == Role.Partner ? agency : "")}";

    static string? BodyOf(RestRoute route) => route.HasBody ? "{}" : null;

    [Fact]
    public void The_partner_facing_methods_have_rest_routes()
    {
        string[] expected =
        [
            "mash.intake.v1.IntakeService.SubmitContact", "mash.intake.v1.IntakeService.GetContact", "mash.intake.v1.IntakeService.ListContacts",
            "mash.intake.v1.IntakeService.AddInformation", "mash.intake.v1.IntakeService.WithdrawContact", "mash.intake.v1.IntakeService.ListAgencyChecks",
            "mash.intake.v1.IntakeService.RecordAgencyCheck", "mash.thresholds.v1.ThresholdService.EvaluateContact",
            "mash.thresholds.v1.ThresholdService.ListRuleSets", "mash.thresholds.v1.ThresholdService.GetRuleSet",
            "mash.audit.v1.AuditService.GetReferrerFeedback",
        ];
        Assert.Equal(expected.Order(), RestRoute.All.Select(r => r.Method.FullName).Order());
    }

    [Fact]
    public async Task Every_spelling_of_every_rest_path_without_a_token_or_with_a_role_the_table_refuses_is_refused()
    {
        var table = ReadmeAccessTable.Read();
        var tokens = ReadmeAccessTable.People.Select(role => (Role: (Role?)role, Authorization: (string?)Bearer(role)))
            .Prepend((Role: null, Authorization: null)).ToList();
        var calls = (
            from route in RestRoute.All
            from spelling in RestRoute.Spellings(route.Path)
            from token in tokens
            select (route, spelling, token)).ToList();

        var wrong = new ConcurrentBag<string>();
        await Concurrently.RunAsync(calls, async call =>
        {
            var (route, (spelling, path), (role, authorization)) = call;
            var answer = await _client.SendAsync(HttpPort(route.Method), route.Verb, path, authorization, BodyOf(route), Cancel);
            var what = $"{route} as {role?.ToString() ?? "nobody"}, path {spelling} ({path}): {answer}";
            if (role is null)
            {
                if (answer.Http != HttpStatusCode.Unauthorized || answer.Code != 16) wrong.Add($"{what}; expected 401 with code 16 (UNAUTHENTICATED)");
                return;
            }
            var admitted = table[(ReadmeAccessTable.NameOf(route.Method.Service, table.Keys.Select(k => k.Service)), route.Method.Name)].Contains(role.Value);
            if (!admitted && (answer.Http != HttpStatusCode.Forbidden || answer.Code != 7))
                wrong.Add($"{what}; the README's table refuses a {role}: expected 403 with code 7 (PERMISSION_DENIED)");
            // The suite proves something only if an admitted caller does reach the method.
            if (admitted && spelling == "canonical" && (answer.Http == HttpStatusCode.Unauthorized
                || (answer.Http == HttpStatusCode.Forbidden && ReadmeAccessTable.AccessRefusal().IsMatch(answer.Message))))
                wrong.Add($"{what}; the README's table admits a {role}");
        });

        TestContext.Current.SendDiagnosticMessage($"{calls.Count} REST calls");
        Assert.Empty(wrong.Order());
    }

    [Fact]
    public async Task The_grpc_paths_on_the_http_port_are_refused_without_a_token_or_to_a_role_the_table_refuses()
    {
        var table = ReadmeAccessTable.Read();
        var wrong = new List<string>();
        foreach (var service in Services.Contract.Where(s => RestRoute.All.Any(r => r.Method.Service == s)))
            foreach (var method in service.Methods)
            {
                var path = $"/{service.FullName}/{method.Name}";
                var port = services.For(service).HttpPort;
                var anonymous = await _client.SendAsync(port, "POST", path, null, "{}", Cancel);
                if (anonymous.Http != HttpStatusCode.Unauthorized) wrong.Add($"{path} as nobody: {anonymous}; expected 401");
                foreach (var role in ReadmeAccessTable.People)
                {
                    if (table[(ReadmeAccessTable.NameOf(service, table.Keys.Select(k => k.Service)), method.Name)].Contains(role)) continue;
                    var answer = await _client.SendAsync(port, "POST", path, Bearer(role), "{}", Cancel);
                    if (answer.Http != HttpStatusCode.Forbidden) wrong.Add($"{path} as {role}: {answer}; expected 403");
                }
            }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task No_forged_expired_over_long_or_incomplete_token_is_accepted_over_http()
    {
        // The baseline the hostile tokens vary is accepted: the refusals below are the variations' doing.
        var listContacts = RestRoute.All.Single(r => r.Method.Name == "ListContacts");
        var baseline = await _client.SendAsync(services.Intake.HttpPort, "GET", listContacts.Path, HostileTokens.Baseline(), (string?)null, Cancel);
        Assert.Equal(HttpStatusCode.OK, baseline.Http);

        var calls = (
            from route in RestRoute.All
            from spelling in RestRoute.Spellings(route.Path).Where(s => s.Spelling is "canonical" or "upper")
            from token in HostileTokens.All()
            select (route, spelling, token)).ToList();
        var wrong = new ConcurrentBag<string>();
        await Concurrently.RunAsync(calls, async call =>
        {
            var answer = await _client.SendAsync(HttpPort(call.route.Method), call.route.Verb, call.spelling.Path, call.token.Authorization, BodyOf(call.route), Cancel);
            if (answer.Http != HttpStatusCode.Unauthorized)
                wrong.Add($"{call.route} with {call.token.Name}, path {call.spelling.Spelling}: {answer}; expected 401");
        });
        Assert.Empty(wrong.Order());
    }

    [Fact]
    public async Task A_contact_goes_in_and_comes_back_as_json_and_errors_carry_their_status_and_field_violations()
    {
        var partner = Bearer(Role.Partner);
        var contact = SeedContact();
        var submitted = await _client.SendAsync(services.Intake.HttpPort, "POST", "/v1/contacts", partner, contact.ToJsonString(), Cancel);
        Assert.True(submitted.Http == HttpStatusCode.OK, submitted.ToString() + submitted.Body);
        var contactId = JsonNode.Parse(submitted.Body)!["contactId"]!.GetValue<string>();

        // Read back by the partner; replayed with the same key; the same key with another payload is a conflict.
        var read = await _client.SendAsync(services.Intake.HttpPort, "GET", $"/v1/contacts/{contactId}", partner, (string?)null, Cancel);
        Assert.Equal(HttpStatusCode.OK, read.Http);
        Assert.Equal("CONTACT_VIEW_REFERRER", JsonNode.Parse(read.Body)!["view"]!.GetValue<string>());
        var replay = await _client.SendAsync(services.Intake.HttpPort, "POST", "/v1/contacts", partner, contact.ToJsonString(), Cancel);
        Assert.True(JsonNode.Parse(replay.Body)!["replayed"]!.GetValue<bool>());
        contact["narrative"] = "Another narrative under the same key.";
        var conflict = await _client.SendAsync(services.Intake.HttpPort, "POST", "/v1/contacts", partner, contact.ToJsonString(), Cancel);
        Assert.Equal((HttpStatusCode.Conflict, 6), (conflict.Http, conflict.Code));

        // The children are in the screener's queue.
        var queue = await _client.SendAsync(services.Intake.HttpPort, "GET", "/v1/contacts?pageSize=200", Bearer(Role.Screener), (string?)null, Cancel);
        Assert.Contains(contactId, queue.Body);

        var missing = await _client.SendAsync(services.Intake.HttpPort, "GET", "/v1/contacts/00000000-0000-0000-0000-000000000000", partner, (string?)null, Cancel);
        Assert.Equal((HttpStatusCode.NotFound, 5), (missing.Http, missing.Code));

        var bad = SeedContact();
        bad["children"]![0]!["nhsNumber"] = "1234567890";
        var refused = await _client.SendAsync(services.Intake.HttpPort, "POST", "/v1/contacts", partner, bad.ToJsonString(), Cancel);
        Assert.Equal((HttpStatusCode.BadRequest, 3), (refused.Http, refused.Code));
        var violations = JsonNode.Parse(refused.Body)!["details"]!.AsArray()
            .Where(d => d!["@type"]!.GetValue<string>() == "type.googleapis.com/google.rpc.BadRequest")
            .SelectMany(d => d!["fieldViolations"]!.AsArray()).Select(v => v!["field"]!.GetValue<string>());
        Assert.Contains("children[0].nhs_number", violations);
    }

    [Fact]
    public async Task Oversized_or_malformed_json_is_refused_with_400_and_nothing_is_stored()
    {
        var partner = Bearer(Role.Partner);
        var before = await StoredAsync();
        var oversized = SeedContact();
        oversized["narrative"] = new string('x', 2 * 1024 * 1024);
        var oversizedJson = oversized.ToJsonString();

        var bodies = new (string Name, HttpContent Content)[]
        {
            ("not JSON", Json("idempotencyKey=1&narrative=x")),
            ("cut short", Json(SeedContact().ToJsonString()[..200])),
            ("an array", Json("[]")),
            ("a string", Json("\"contact\"")),
            ("a field of the wrong type", Json("""{"idempotencyKey": "k", "children": "one child"}""")),
            ("an enum value that does not exist", Json("""{"idempotencyKey": "k", "immediateRisk": true, "concerns": [{"category": "CONCERN_CATEGORY_NOT_A_CATEGORY"}]}""")),
            ("not UTF-8", new ByteArrayContent([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) { Headers = { ContentType = new("application/json") } }),
            ("over the size limit, length given", Json(oversizedJson)),
            ("over the size limit, chunked", new ChunkedContent(Encoding.UTF8.GetBytes(oversizedJson))),
        };
        var wrong = new List<string>();
        foreach (var (name, content) in bodies)
        {
            var answer = await _client.SendAsync(services.Intake.HttpPort, "POST", "/v1/contacts", partner, content, Cancel);
            if (answer.Http != HttpStatusCode.BadRequest || answer.Code != 3) wrong.Add($"{name}: {answer}; expected 400 with code 3 (INVALID_ARGUMENT)");
        }
        Assert.Empty(wrong);
        Assert.Equal(before, await StoredAsync());

        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task A_partner_over_its_rate_limit_gets_429_with_retry_after()
    {
        // An agency of its own, so that no other test's submissions share its bucket.
        var token = $"Bearer {TestIdentity.Token(Role.Partner, "rest-rate-probe")}";
        RestAnswer? limited = null;
        var answers = new List<HttpStatusCode>();
        // The bucket refills as time passes, so a few more than the burst.
        for (var i = 0; i < 2 * Services.SubmitBurst && limited is null; i++)
        {
            var answer = await _client.SendAsync(services.Intake.HttpPort, "POST", "/v1/contacts", token, "{}", Cancel);
            answers.Add(answer.Http);
            if (answer.Http == HttpStatusCode.TooManyRequests) limited = answer;
        }
        Assert.True(limited is not null, string.Join(", ", answers.CountBy(a => a).Select(a => $"{a.Key}: {a.Value}")));
        Assert.Equal(8, limited.Code);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {limited.Headers.RetryAfter}");
        Assert.Contains("type.googleapis.com/google.rpc.RetryInfo", limited.Body);
    }

    /// <summary>Contacts and outbox rows in intake's database.</summary>
    async Task<(long Contacts, long Outbox)> StoredAsync() =>
        (await Sql.CountAsync(services.IntakeDb, "SELECT count(*) FROM contacts"), await Sql.CountAsync(services.IntakeDb, "SELECT count(*) FROM outbox_messages"));

    /// <summary>The first seed contact (proto3 JSON, as a partner would send it) under a fresh idempotency key.</summary>
    static JsonObject SeedContact()
    {
        var file = Path.Combine(ServiceProcess.RepositoryRoot(), "seeds", "contacts", "001-police-domestic-abuse-siblings.json");
        var contact = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        contact["idempotencyKey"] = Guid.NewGuid().ToString();
        return contact;
    }

    /// <summary>A body sent without a Content-Length (Transfer-Encoding: chunked).</summary>
    sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
