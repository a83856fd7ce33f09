using Mash.BuildingBlocks.ReferenceData;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.RuleSets;
using RuleSet = Mash.Thresholds.Domain.RuleSets.RuleSet;
using RuleSetMessage = Mash.Contracts.Thresholds.V1.RuleSet;
using RuleMessage = Mash.Contracts.Thresholds.V1.Rule;
using RuleSetSummary = Mash.Contracts.Thresholds.V1.RuleSetSummary;
using TimelinessTarget = Mash.Contracts.Thresholds.V1.TimelinessTarget;

namespace Mash.Thresholds.Grpc;

/// <summary>A loaded rule set as the API shows it.</summary>
static class RuleSetMapper
{
    public static RuleSetSummary Summary(RuleSet ruleSet, bool inForce, DateTimeOffset? loadedAt)
    {
        var summary = new RuleSetSummary
        {
            Ref = ruleSet.Ref,
            LocalAuthority = ruleSet.LocalAuthority,
            EffectiveFrom = new Date { Year = ruleSet.EffectiveFrom.Year, Month = ruleSet.EffectiveFrom.Month, Day = ruleSet.EffectiveFrom.Day },
            InForce = inForce,
            RuleCount = ruleSet.Rules.Count,
            SourceFile = ruleSet.SourceFile,
        };
        if (loadedAt is { } at) summary.LoadedAt = Timestamp.FromDateTimeOffset(at);
        return summary;
    }

    public static RuleSetMessage Full(RuleSet ruleSet, bool inForce, DateTimeOffset? loadedAt) => new()
    {
        Summary = Summary(ruleSet, inForce, loadedAt),
        TimelinessTargets = { Targets(ruleSet.Timeliness) },
        Rules = { ruleSet.Rules.Select(Rule) },
        SourceYaml = ruleSet.SourceYaml,
    };

    /// <summary>
    /// The MASH decision per RAG, then the referral cap (MASH decision with no RAG: it bounds every
    /// RAG when the pathway is CIN or CP), then the other clocks in the order of ClockKind.
    /// </summary>
    static IEnumerable<TimelinessTarget> Targets(Timeliness timeliness)
    {
        foreach (var (rag, allowance) in timeliness.MashDecision.OrderBy(p => p.Key))
            yield return Target(ClockKind.MashDecision, rag, allowance);
        yield return Target(ClockKind.MashDecision, Rag.Unspecified, timeliness.ReferralDecisionMax);
        foreach (var (clock, allowance) in timeliness.Clocks.OrderBy(p => p.Key))
            yield return Target(clock, Rag.Unspecified, allowance);
    }

    static TimelinessTarget Target(ClockKind clock, Rag rag, Allowance allowance)
    {
        var target = new TimelinessTarget { Clock = clock, Rag = rag };
        if (allowance.Hours is { } hours) target.Hours = hours;
        else if (allowance.WorkingHours is { } workingHours) target.WorkingHours = workingHours;
        else if (allowance.WorkingDays is { } days) target.WorkingDays = days;
        else target.SameWorkingDay = allowance.SameWorkingDay;
        return target;
    }

    static RuleMessage Rule(Domain.RuleSets.Rule rule) => new()
    {
        RuleId = rule.Id,
        Conditions = rule.ConditionsText,
        Level = rule.Outcome.Level,
        Pathway = rule.Outcome.Pathway,
        NfaReason = rule.Outcome.NfaReason,
        Rag = rule.Outcome.Rag,
        Reason = rule.Outcome.Reason,
        AutoRoute = rule.Outcome.AutoRoute,
        Source = rule.Source,
    };
}
