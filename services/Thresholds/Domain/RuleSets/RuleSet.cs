using Mash.Contracts.Common.V1;
using NodaTime;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// One version of an authority's levels-of-need rules, as loaded from seeds/thresholds (the format is
/// documented in seeds/thresholds/README.md). Immutable; identified by id, version and content hash.
/// </summary>
public sealed record RuleSet(
    string Id,
    int Version,
    string LocalAuthority,
    string Title,
    LocalDate EffectiveFrom,
    string ContentHash,
    string SourceFile,
    string SourceYaml,
    Timeliness Timeliness,
    RuleOutcome Default,
    IReadOnlyList<Rule> Rules)
{
    public RuleSetRef Ref => new() { RuleSetId = Id, Version = Version, ContentHash = ContentHash };
}

/// <summary>What a rule (or the default) recommends.</summary>
public sealed record RuleOutcome(LevelOfNeed Level, Pathway Pathway, NfaReason NfaReason, Rag Rag, string Reason, bool AutoRoute);

/// <summary>One rule: its conditions, compiled, and the text they were written as.</summary>
public sealed record Rule(string Id, string ConditionsText, Condition When, RuleOutcome Outcome, int Line)
{
    /// <summary>The published document and section the rule renders (`source:`); empty when the file gives none.</summary>
    public string Source { get; init; } = "";
}
