using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Domain.RuleSets;
using RuleSet = Mash.Thresholds.Domain.RuleSets.RuleSet;

namespace Mash.Thresholds.Grpc;

/// <summary>ListRuleSets and GetRuleSet, from the catalogue the reloader keeps fresh.</summary>
public sealed partial class ThresholdGrpcService
{
    public override Task<ListRuleSetsResponse> ListRuleSets(ListRuleSetsRequest request, ServerCallContext context)
    {
        Access.Demand(context);
        var today = RuleSetCatalog.LondonDate(clock.GetUtcNow());
        var shown = catalog.All()
            .Where(r => request.LocalAuthority.Length == 0 || r.LocalAuthority == request.LocalAuthority)
            .Where(r => request.IncludeHistory || IsInForce(r, today) || r.EffectiveFrom > today)
            .OrderBy(r => r.LocalAuthority, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.Version);
        var response = new ListRuleSetsResponse();
        response.RuleSets.AddRange(shown.Select(r => RuleSetMapper.Summary(r, IsInForce(r, today), loadTimes.Of(r.Id, r.Version))));
        return Task.FromResult(response);
    }

    public override Task<GetRuleSetResponse> GetRuleSet(GetRuleSetRequest request, ServerCallContext context)
    {
        Access.Demand(context);
        var violations = new List<(string, string)>();
        if (request.RuleSetId.Length == 0) violations.Add(("rule_set_id", "is required"));
        if (request.Version < 0) violations.Add(("version", "must be 0 (the version in force) or a version number"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var today = RuleSetCatalog.LondonDate(clock.GetUtcNow());
        var ruleSet = (request.Version > 0 ? catalog.Find(request.RuleSetId, request.Version) : catalog.InForceById(request.RuleSetId, today))
            ?? throw RpcErrors.NotFound(request.Version > 0 ? $"Rule set {request.RuleSetId} version {request.Version}" : $"A version of rule set {request.RuleSetId} in force today");
        return Task.FromResult(new GetRuleSetResponse { RuleSet = RuleSetMapper.Full(ruleSet, IsInForce(ruleSet, today), loadTimes.Of(ruleSet.Id, ruleSet.Version)) });
    }

    /// <summary>In force: the version that triages the authority's contacts received today.</summary>
    bool IsInForce(RuleSet ruleSet, NodaTime.LocalDate today) =>
        catalog.InForce(ruleSet.LocalAuthority, today) is { } inForce && inForce.Id == ruleSet.Id && inForce.Version == ruleSet.Version;
}
