using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>Either a rule set or every error found in the file; never half a rule set.</summary>
public sealed record RuleSetLoadResult(RuleSet? RuleSet, IReadOnlyList<LoadError> Errors)
{
    public bool Succeeded => RuleSet is not null && Errors.Count == 0;
}

/// <summary>Parses and validates one rule-set file (seeds/thresholds/README.md).</summary>
public static partial class RuleSetLoader
{
    public const int MaxReasonLength = 300;

    private static readonly string[] TopKeys = ["id", "version", "local_authority", "title", "effective_from", "timeliness", "default", "rules"];
    private static readonly string[] TopRequired = ["id", "version", "local_authority", "title", "effective_from", "default", "rules"];
    private static readonly string[] OutcomeKeys = ["level", "pathway", "nfa_reason", "rag", "reason", "auto_route"];
    private static readonly string[] OutcomeRequired = ["level", "pathway", "rag", "reason"];
    public const int MaxSourceLength = 200;

    private static readonly string[] RuleKeys = ["id", "when", "source", .. OutcomeKeys];
    private static readonly string[] RuleRequired = ["id", "when", .. OutcomeRequired];

    /// <param name="sourceFile">The name to report errors against, e.g. "seeds/thresholds/walsall.yaml".</param>
    /// <param name="yaml">The file's text; its UTF-8 bytes' SHA-256 (lower-case hex) is the content hash.</param>
    public static RuleSetLoadResult Load(string sourceFile, string yaml)
    {
        var r = new YamlReader(sourceFile);
        var root = r.Parse(yaml);
        if (root is null) return new(null, r.Errors);
        var top = r.Mapping(root, "the rule set", null, TopKeys, TopRequired);
        if (top is null) return new(null, r.Errors);

        var id = Get(top, "id") is { } idNode ? r.Text(idNode, "id", null) : null;
        if (id is not null && !SlugPattern().IsMatch(id))
        {
            r.Error(top["id"], null, $"id '{id}' must be lower-case letters, digits and hyphens");
            id = null;
        }
        var version = Get(top, "version") is { } v ? r.Int(v, "version", null, min: 1) : null;
        var authority = Get(top, "local_authority") is { } la ? r.Text(la, "local_authority", null) : null;
        if (authority is not null && !SlugPattern().IsMatch(authority))
        {
            r.Error(top["local_authority"], null, $"local_authority '{authority}' must be lower-case letters, digits and hyphens");
            authority = null;
        }
        var title = Get(top, "title") is { } t ? r.Text(t, "title", null) : null;
        LocalDate? effectiveFrom = null;
        if (Get(top, "effective_from") is { } ef && r.Text(ef, "effective_from", null) is { } efText)
        {
            var parsed = LocalDatePattern.Iso.Parse(efText);
            if (parsed.Success && efText.Length == 10) effectiveFrom = parsed.Value;
            else r.Error(ef, null, $"effective_from '{efText}' is not a real date (yyyy-MM-dd)");
        }
        var timeliness = Get(top, "timeliness") is { } tl ? ReadTimeliness(r, tl) : Timeliness.Defaults;
        var @default = Get(top, "default") is { } d ? ReadDefault(r, d) : null;
        var rules = Get(top, "rules") is { } rs ? ReadRules(r, rs) : [];

        if (r.Errors.Count > 0 || id is null || version is null || authority is null || title is null
            || effectiveFrom is null || timeliness is null || @default is null)
            return new(null, r.Errors);

        var ruleSet = new RuleSet(id, version.Value, authority, title, effectiveFrom.Value, ContentHash(yaml), sourceFile, yaml,
            timeliness, @default, rules);
        return new(ruleSet, []);
    }

    /// <summary>Lower-case hex SHA-256 of the text's UTF-8 bytes.</summary>
    public static string ContentHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static YamlNode? Get(Dictionary<string, YamlNode> map, string key) => map.GetValueOrDefault(key);

    private static List<Rule> ReadRules(YamlReader r, YamlNode node)
    {
        var rules = new List<Rule>();
        if (node is not YamlSequenceNode seq)
        {
            r.Error(node, null, "rules must be a list of rules");
            return rules;
        }
        if (seq.Children.Count == 0) r.Error(node, null, "rules is empty: a rule set needs at least one rule");
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in seq.Children)
        {
            // Name the rule in every message about it, even when its id is the thing that is wrong.
            string? ruleId = null;
            if (item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) && idNode is YamlScalarNode { Value: { } raw })
                ruleId = raw;
            var map = r.Mapping(item, ruleId is null ? "a rule" : "the rule", ruleId, RuleKeys, RuleRequired);
            if (map is null) continue;
            var valid = true;
            if (ruleId is null && map.TryGetValue("id", out var badId)) r.Error(badId, null, "a rule id must be a single value");
            if (ruleId is not null)
            {
                if (!RuleIdPattern().IsMatch(ruleId))
                {
                    r.Error(map["id"], ruleId, "a rule id is letters, digits, '-', '_' or '.', at most 64 characters");
                    valid = false;
                }
                else if (seen.TryGetValue(ruleId, out var firstLine))
                {
                    r.Error(map["id"], ruleId, $"duplicate rule id (first used on line {firstLine})");
                    valid = false;
                }
                else seen[ruleId] = map["id"].Start.Line;
            }
            var when = map.TryGetValue("when", out var w) ? ReadWhen(r, w, ruleId) : null;
            var outcome = ReadOutcome(r, map, item, ruleId);
            var source = map.TryGetValue("source", out var sourceNode) ? ReadSource(r, sourceNode, ruleId) : "";
            if (valid && ruleId is not null && when is not null && outcome is not null && source is not null)
                rules.Add(new Rule(ruleId, YamlReader.Render(w!, top: true), when, outcome, (int)item.Start.Line) { Source = source });
        }
        return rules;
    }

    /// <summary>The published document and section a rule renders, so a reader can check the level and RAG against it.</summary>
    private static string? ReadSource(YamlReader r, YamlNode node, string? ruleId)
    {
        var text = r.Text(node, "source", ruleId);
        if (text is null) return null;
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxSourceLength)
        {
            r.Error(node, ruleId, $"source must name a document and section in at most {MaxSourceLength} characters");
            return null;
        }
        return text.Trim();
    }

    private static RuleOutcome? ReadDefault(YamlReader r, YamlNode node)
    {
        var map = r.Mapping(node, "default", null, OutcomeKeys, OutcomeRequired);
        return map is null ? null : ReadOutcome(r, map, node, null);
    }

    private static RuleOutcome? ReadOutcome(YamlReader r, Dictionary<string, YamlNode> map, YamlNode owner, string? ruleId)
    {
        var ok = true;
        var level = map.TryGetValue("level", out var ln) ? r.Int(ln, "level", ruleId, 1, 4) : null;
        var pathway = map.TryGetValue("pathway", out var pn) ? r.Enum<Pathway>(pn, "pathway", ruleId) : null;
        var rag = map.TryGetValue("rag", out var rn) ? r.Enum<Rag>(rn, "rag", ruleId) : null;
        var reason = map.TryGetValue("reason", out var reasonNode) ? r.Text(reasonNode, "reason", ruleId) : null;
        var autoRoute = map.TryGetValue("auto_route", out var an) ? r.Bool(an, "auto_route", ruleId) : false;
        NfaReason? nfa = NfaReason.Unspecified;
        if (map.TryGetValue("nfa_reason", out var nn))
        {
            nfa = r.Enum<NfaReason>(nn, "nfa_reason", ruleId);
            if (pathway is { } p && p != Pathway.NoFurtherAction)
            {
                r.Error(nn, ruleId, $"nfa_reason is only for the no_further_action pathway, not {Name(p)}");
                ok = false;
            }
        }
        else if (pathway == Pathway.NoFurtherAction)
        {
            r.Error(pn!, ruleId, "the no_further_action pathway needs an nfa_reason");
            ok = false;
        }
        if (level is { } l && pathway is { } path && PathwayOf(l) != path)
        {
            r.Error(pn!, ruleId, $"pathway {Name(path)} does not match level {l} (level {l} is {Name(PathwayOf(l))})");
            ok = false;
        }
        if (reason is not null)
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                r.Error(reasonNode!, ruleId, "reason is empty");
                ok = false;
            }
            else if (reason.Length > MaxReasonLength)
            {
                r.Error(reasonNode!, ruleId, $"reason has {reason.Length} characters; at most {MaxReasonLength}");
                ok = false;
            }
        }
        if (autoRoute == true && (level != 1 || pathway != Pathway.NoFurtherAction))
        {
            r.Error(an!, ruleId, "auto_route is only allowed on level 1 no_further_action rules: a person decides anything else");
            ok = false;
        }
        if (!ok || level is null || pathway is null || rag is null || reason is null || autoRoute is null || nfa is null) return null;
        return new RuleOutcome((LevelOfNeed)level.Value, pathway.Value, nfa.Value, rag.Value, reason.Trim(), autoRoute.Value);
    }

    /// <summary>The pathway a level leads to (README: 1 NFA, 2 early help, 3 CIN, 4 CP).</summary>
    public static Pathway PathwayOf(int level) => level switch
    {
        1 => Pathway.NoFurtherAction,
        2 => Pathway.EarlyHelp,
        3 => Pathway.ChildInNeed,
        _ => Pathway.ChildProtection,
    };

    private static string Name(Pathway p) => EnumNames<Pathway>.Instance.NameOf(p);

    private static Timeliness? ReadTimeliness(YamlReader r, YamlNode node)
    {
        var clockNames = EnumNames<ClockKind>.Instance.Names.Where(n => n != "mash_decision");
        string[] keys = ["mash_decision", "referral_decision_max", .. clockNames];
        var map = r.Mapping(node, "timeliness", null, keys, []);
        if (map is null) return null;
        var defaults = Timeliness.Defaults;
        var ok = true;
        var mash = new Dictionary<Rag, Allowance>(defaults.MashDecision);
        if (map.TryGetValue("mash_decision", out var md))
        {
            var byRag = r.Mapping(md, "mash_decision", null, ["red", "amber", "green"], []);
            if (byRag is null) ok = false;
            else
                foreach (var (ragName, allowanceNode) in byRag)
                {
                    EnumNames<Rag>.Instance.TryParse(ragName, out var rag);
                    if (ReadAllowance(r, allowanceNode, $"mash_decision.{ragName}") is { } a) mash[rag] = a;
                    else ok = false;
                }
        }
        var cap = defaults.ReferralDecisionMax;
        if (map.TryGetValue("referral_decision_max", out var rdm))
        {
            if (ReadAllowance(r, rdm, "referral_decision_max") is { } a) cap = a;
            else ok = false;
        }
        var clocks = new Dictionary<ClockKind, Allowance>(defaults.Clocks);
        foreach (var (key, value) in map)
        {
            if (key is "mash_decision" or "referral_decision_max") continue;
            EnumNames<ClockKind>.Instance.TryParse(key, out var kind);
            if (ReadAllowance(r, value, key) is { } a) clocks[kind] = a;
            else ok = false;
        }
        return ok ? new Timeliness(mash, cap, clocks) : null;
    }

    private static Allowance? ReadAllowance(YamlReader r, YamlNode node, string what)
    {
        var map = r.Mapping(node, what, null, ["hours", "working_hours", "working_days", "same_working_day"], []);
        if (map is null) return null;
        if (map.Count != 1)
        {
            // Only unknown keys: already reported, one message is enough.
            if (map.Count == 0 && node is YamlMappingNode { Children.Count: > 0 }) return null;
            r.Error(node, null, $"{what} must give exactly one of hours, working_hours, working_days or same_working_day");
            return null;
        }
        var (key, value) = map.Single();
        switch (key)
        {
            case "hours":
                return r.Int(value, $"{what}.hours", null, 1) is { } h ? new Allowance(Hours: h) : null;
            case "working_hours":
                return r.Int(value, $"{what}.working_hours", null, 1) is { } wh ? new Allowance(WorkingHours: wh) : null;
            case "working_days":
                return r.Int(value, $"{what}.working_days", null, 1) is { } d ? new Allowance(WorkingDays: d) : null;
            default:
                var same = r.Bool(value, $"{what}.same_working_day", null);
                if (same == false) r.Error(value, null, $"{what}.same_working_day can only be true");
                return same == true ? new Allowance(SameWorkingDay: true) : null;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex RuleIdPattern();
}
