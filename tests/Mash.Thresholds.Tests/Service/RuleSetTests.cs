using System.Security.Cryptography;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;
using static Mash.Thresholds.Tests.Service.Contacts;

namespace Mash.Thresholds.Tests.Service;

/// <summary>
/// The rule sets as the API shows them, what-if evaluation (which stores nothing and replays any
/// version exactly), and the folder re-read while the service runs.
/// </summary>
public sealed class RuleSetTests(ThresholdsHost host) : IClassFixture<ThresholdsHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly Timestamp ReceivedAt = Timestamp.FromDateTime(new DateTime(2026, 6, 3, 10, 0, 0, DateTimeKind.Utc));

    /// <summary>Rules of an authority no postcode of the fixture belongs to, so changing them affects no other test.</summary>
    static string ReplayRules(int version, string effectiveFrom, string pathway = "early_help", int level = 2) => $"""
        id: replay-test
        version: {version}
        local_authority: replayshire
        title: Replay test rules (fixture)
        effective_from: {effectiveFrom}
        default:
          level: 1
          pathway: no_further_action
          nfa_reason: advice_and_signposting
          rag: green
          reason: Nothing above universal services.
        rules:
          - id: R-001
            when:
              concern: neglect
            level: {level}
            pathway: {pathway}
            rag: amber
            reason: Neglect reported.
        """;

    static ContactFacts NeglectFacts()
    {
        var contact = Received(Child("WS1 1TP", ConcernCategory.Neglect), Child("LS1 4AP"));
        contact.Facts.ReceivedAt = ReceivedAt;
        foreach (var child in contact.Facts.Children) child.ChildId = "";
        return contact.Facts;
    }

    Task<ListRuleSetsResponse> ListAsync(bool history = false) =>
        host.Client.ListRuleSetsAsync(new ListRuleSetsRequest { IncludeHistory = history }, cancellationToken: Cancel).ResponseAsync;

    async Task<RpcException> RefusedAsync(Func<Task> call, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    [Fact]
    public async Task The_loaded_rule_set_is_listed_in_force_and_shown_with_its_rules_and_exact_source()
    {
        var listed = Assert.Single((await ListAsync()).RuleSets, r => r.Ref.RuleSetId == Fixtures.RuleSetId);
        Assert.Equal((1, "walsall", true, 4), (listed.Ref.Version, listed.LocalAuthority, listed.InForce, listed.RuleCount));
        Assert.Equal(new Date { Year = 2020, Month = 1, Day = 1 }, listed.EffectiveFrom);
        Assert.EndsWith("walsall.yaml", listed.SourceFile);
        Assert.NotNull(listed.LoadedAt);

        var ruleSet = (await host.ClientAs(Role.Partner, agency: "wmp").GetRuleSetAsync(new GetRuleSetRequest { RuleSetId = Fixtures.RuleSetId }, cancellationToken: Cancel)).RuleSet;
        Assert.Equal(Fixtures.WalsallRules(), ruleSet.SourceYaml);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ruleSet.SourceYaml))), ruleSet.Summary.Ref.ContentHash);
        Assert.Equal(["T-001", "T-010", "T-020", "T-030"], ruleSet.Rules.Select(r => r.RuleId));
        var auto = ruleSet.Rules[3];
        Assert.Equal((true, Pathway.NoFurtherAction, NfaReason.AlreadyOpenToService, LevelOfNeed.Universal), (auto.AutoRoute, auto.Pathway, auto.NfaReason, auto.Level));
        Assert.Contains(ruleSet.TimelinessTargets, t => t is { Clock: ClockKind.MashDecision, Rag: Rag.Red, Hours: 4 });
        Assert.Contains(ruleSet.TimelinessTargets, t => t is { Clock: ClockKind.StrategyDiscussion, SameWorkingDay: true });

        await RefusedAsync(() => host.Client.GetRuleSetAsync(new GetRuleSetRequest { RuleSetId = Fixtures.RuleSetId, Version = 99 }, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
    }

    [Fact]
    public async Task Evaluating_facts_answers_per_child_in_order_and_stores_nothing()
    {
        const string counts = "SELECT (SELECT count(*) FROM triage_items) + (SELECT count(*) FROM recommendations) + (SELECT count(*) FROM decisions) + (SELECT count(*) FROM outbox_messages)";
        var before = await Sql.CountAsync(host.Database, counts);
        var facts = NeglectFacts();
        facts.Children[0].Concerns.Add(new ConcernFact { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer });

        var result = await host.ClientAs(Role.Partner, agency: "wmp").EvaluateContactAsync(new EvaluateContactRequest { Facts = facts }, cancellationToken: Cancel);

        Assert.Equal([0, 1], result.Children.Select(c => c.ChildIndex));
        var (walsall, outside) = (result.Children[0], result.Children[1]);
        Assert.Equal(("walsall", "walsall-south", Pathway.ChildInNeed, "T-020", ""),
            (walsall.LocalAuthority, walsall.Locality, walsall.Recommendation.Pathway, walsall.Recommendation.WinningRuleId, walsall.Recommendation.RecommendationId));
        Assert.Equal(("", NfaReason.TransferToOtherLocalAuthority), (outside.LocalAuthority, outside.Recommendation.NfaReason));
        Assert.Equal(before, await Sql.CountAsync(host.Database, counts));
    }

    [Fact]
    public async Task Bad_requests_name_their_fields_and_unknown_rule_sets_are_not_found()
    {
        var none = await RefusedAsync(() => host.Client.EvaluateContactAsync(new EvaluateContactRequest(), cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["source"], none.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));

        var facts = NeglectFacts();
        facts.Children[1].AgeYears = -1;
        facts.Children[0].Concerns.Add(new ConcernFact());
        var bad = await RefusedAsync(() => host.Client.EvaluateContactAsync(new EvaluateContactRequest { Facts = facts, Version = 2 }, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["facts.children[0].concerns[1].category", "facts.children[1].age_years", "rule_set_id"],
            bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).Order());

        await RefusedAsync(() => host.Client.EvaluateContactAsync(new EvaluateContactRequest { Facts = NeglectFacts(), RuleSetId = "no-such-rules" }, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        await RefusedAsync(() => host.Client.EvaluateContactAsync(new EvaluateContactRequest { Facts = NeglectFacts(), RuleSetId = Fixtures.RuleSetId, Version = 7 }, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        await RefusedAsync(() => host.Client.EvaluateContactAsync(new EvaluateContactRequest { ContactId = Guid.NewGuid().ToString() }, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
    }

    [Fact]
    public async Task A_new_version_is_picked_up_while_running_and_the_old_one_replays_exactly()
    {
        await host.WriteRuleSetAsync("replay.yaml", ReplayRules(1, "2020-01-01"));
        await Eventually.Until(() => ListAsync(), l => l.RuleSets.Any(r => r.Ref.RuleSetId == "replay-test"), "version 1 to load");
        var request = new EvaluateContactRequest { Facts = NeglectFacts(), RuleSetId = "replay-test", EvaluateAt = ReceivedAt };
        var v1 = (await host.Client.EvaluateContactAsync(request, cancellationToken: Cancel)).Children[0].Recommendation;
        Assert.Equal((Pathway.EarlyHelp, 1), (v1.Pathway, v1.RuleSet.Version));

        await host.WriteRuleSetAsync("replay.yaml", ReplayRules(2, "2021-01-01", "child_in_need", 3));
        var listed = await Eventually.Until(() => ListAsync(history: true), l => l.RuleSets.Any(r => r.Ref.RuleSetId == "replay-test" && r.Ref.Version == 2), "version 2 to load");
        Assert.Equal([(1, false), (2, true)], listed.RuleSets.Where(r => r.Ref.RuleSetId == "replay-test").Select(r => (r.Ref.Version, r.InForce)));
        Assert.Equal([2], (await ListAsync()).RuleSets.Where(r => r.Ref.RuleSetId == "replay-test").Select(r => r.Ref.Version));

        var latest = (await host.Client.EvaluateContactAsync(request, cancellationToken: Cancel)).Children[0].Recommendation;
        request.Version = 1;
        var replayed = (await host.Client.EvaluateContactAsync(request, cancellationToken: Cancel)).Children[0].Recommendation;

        Assert.Equal((Pathway.ChildInNeed, 2), (latest.Pathway, latest.RuleSet.Version));
        Assert.Equal(v1, replayed);
        Assert.Equal(v1.RuleSet.ContentHash, replayed.RuleSet.ContentHash);
        Assert.NotEqual(v1.RuleSet.ContentHash, latest.RuleSet.ContentHash);
        Assert.Equal(2, await Sql.CountAsync(host.Database, "SELECT count(*) FROM rule_sets WHERE id = 'replay-test'"));
    }

    [Fact]
    public async Task A_broken_file_is_logged_with_file_and_line_and_the_last_good_version_keeps_serving()
    {
        await host.WriteRuleSetAsync("broken-base.yaml", Fixtures.WalsallRules(1, id: "broken-test", authority: "brokenshire"));
        await Eventually.Until(() => ListAsync(), l => l.RuleSets.Any(r => r.Ref.RuleSetId == "broken-test"), "the good version to load");

        var broken = Fixtures.WalsallRules(2, id: "broken-test", authority: "brokenshire", extraRules: """
              - id: T-999
                when:
                  concern: domestic_abuze
                level: 2
                pathway: early_help
                rag: amber
                reason: A misspelt concern.
            """);
        var line = broken.Split('\n').ToList().FindIndex(l => l.Contains("domestic_abuze")) + 1;
        await host.WriteRuleSetAsync("broken-base.yaml", broken);

        var logged = await Eventually.Until(() => Task.FromResult(host.Thresholds.Output), o => o.Contains($"broken-base.yaml:{line}"), "the error, with its file and line, in the log");
        Assert.Contains("T-999", logged[logged.IndexOf($"broken-base.yaml:{line}", StringComparison.Ordinal)..]);
        var listed = Assert.Single((await ListAsync(history: true)).RuleSets, r => r.Ref.RuleSetId == "broken-test");
        Assert.Equal((1, true), (listed.Ref.Version, listed.InForce));

        // The same id and version with other content is refused too; the loaded content keeps serving.
        var changed = Fixtures.WalsallRules(1, id: "broken-test", authority: "brokenshire").Replace("Domestic abuse in the household.", "Reworded.");
        await host.WriteRuleSetAsync("broken-base.yaml", changed);
        await Eventually.Until(() => Task.FromResult(host.Thresholds.Output), o => o.Contains("needs a new version"), "the refusal in the log");
        var served = (await host.Client.GetRuleSetAsync(new GetRuleSetRequest { RuleSetId = "broken-test", Version = 1 }, cancellationToken: Cancel)).RuleSet;
        Assert.Equal(Fixtures.WalsallRules(1, id: "broken-test", authority: "brokenshire"), served.SourceYaml);
    }

    [Fact]
    public async Task Every_version_ever_loaded_is_served_again_after_a_restart_even_when_its_file_has_moved_on()
    {
        var v1 = ReplayRules(1, "2020-01-01").Replace("replay-test", "restart-test").Replace("replayshire", "restartshire");
        await host.WriteRuleSetAsync("restart.yaml", v1);
        await Eventually.Until(() => ListAsync(history: true), l => l.RuleSets.Any(r => r.Ref.RuleSetId == "restart-test"), "version 1 to load");
        await host.WriteRuleSetAsync("restart.yaml", ReplayRules(2, "2021-01-01", "child_in_need", 3).Replace("replay-test", "restart-test").Replace("replayshire", "restartshire"));
        await Eventually.Until(() => ListAsync(history: true), l => l.RuleSets.Any(r => r.Ref.RuleSetId == "restart-test" && r.Ref.Version == 2), "version 2 to load");

        await host.Thresholds.KillAsync();
        await host.Thresholds.StartAsync();

        var served = (await host.Client.GetRuleSetAsync(new GetRuleSetRequest { RuleSetId = "restart-test", Version = 1 }, cancellationToken: Cancel)).RuleSet;
        Assert.Equal(v1, served.SourceYaml);
        var request = new EvaluateContactRequest { Facts = NeglectFacts(), RuleSetId = "restart-test", Version = 1, EvaluateAt = ReceivedAt };
        Assert.Equal(Pathway.EarlyHelp, (await host.Client.EvaluateContactAsync(request, cancellationToken: Cancel)).Children[0].Recommendation.Pathway);
    }

    [Fact]
    public async Task The_service_does_not_start_without_any_rule_set()
    {
        var empty = Path.Combine(host.Folder, "empty-rules");
        Directory.CreateDirectory(empty);
        await using var process = new ServiceProcess("Thresholds", new Dictionary<string, string>(host.RabbitEnvironment("thresholds"))
        {
            ["ConnectionStrings__Database"] = await host.CreateDatabaseAsync("thresholds_empty"),
            ["Thresholds__RuleSetsPath"] = empty,
            ["Thresholds__LocalitiesPath"] = Path.Combine(host.Folder, "localities"),
            ["Thresholds__CalendarFile"] = Path.Combine(host.Folder, "bank-holidays.json"),
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => process.StartAsync());
        Assert.Contains("No rule set loaded", error.Message);
    }
}
