using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using YamlDotNet.RepresentationModel;

namespace Mash.Thresholds.Domain.RuleSets;

public static partial class RuleSetLoader
{
    private static readonly string[] ConditionKeys =
    [
        "concern", "concern_any", "concern_all", "concern_count_at_least",
        "age_years_under", "age_years_at_least", "age_months_under", "unborn",
        "immediate_risk", "information_only", "repeat_contact", "contacts_in_last_12_months_at_least",
        "already_open", "open_pathway", "on_child_protection_plan",
        "referral_source", "referrer_agency_kind", "disability", "setting", "household_member",
        "domestic_abuse_risk_at_least", "exploitation_risk_at_least", "previous_children_removed", "care_proceedings",
        "not_independently_mobile", "nowhere_safe_to_sleep_tonight", "gender",
        "any", "all", "not",
    ];

    private static readonly string[] HouseholdKeys =
        ["relationship", "lives_with_children", "has_parental_responsibility", "age_years_at_least", "age_years_under"];

    /// <summary>A rule's `when`: every condition in the mapping must hold.</summary>
    private static Condition? ReadWhen(YamlReader r, YamlNode node, string? ruleId) => ReadConditions(r, node, "when", ruleId);

    private static Condition? ReadConditions(YamlReader r, YamlNode node, string what, string? ruleId)
    {
        var map = r.Mapping(node, what, ruleId, ConditionKeys, []);
        if (map is null) return null;
        if (map.Count == 0)
        {
            // An unconditional rule would always fire; that is what `default` is for.
            if (node is YamlMappingNode { Children.Count: 0 }) r.Error(node, ruleId, $"{what} has no conditions");
            return null;
        }
        var conditions = new List<Condition>();
        var ok = true;
        foreach (var (key, value) in map)
        {
            if (ReadCondition(r, key, value, ruleId) is { } c) conditions.Add(c);
            else ok = false;
        }
        if (!ok) return null;
        return conditions.Count == 1 ? conditions[0] : new AllCondition(conditions);
    }

    private static Condition? ReadCondition(YamlReader r, string key, YamlNode value, string? ruleId)
    {
        switch (key)
        {
            case "concern":
                return ReadConcern(r, value, ruleId);
            case "concern_any":
                return r.EnumSet<ConcernCategory>(value, "concern", ruleId) is { } any ? new ConcernAnyCondition(any, UInt128.Zero) : null;
            case "concern_all":
                return r.EnumSet<ConcernCategory>(value, "concern", ruleId) is { } all ? new ConcernAllCondition(all) : null;
            case "concern_count_at_least":
                return r.Int(value, key, ruleId, 1) is { } count ? new ConcernCountAtLeastCondition(count) : null;
            case "age_years_under":
                return r.Int(value, key, ruleId, 1) is { } yu ? new MeasureCondition(Measure.AgeYears, null, yu) : null;
            case "age_years_at_least":
                return r.Int(value, key, ruleId, 0) is { } yl ? new MeasureCondition(Measure.AgeYears, yl, null) : null;
            case "age_months_under":
                return r.Int(value, key, ruleId, 1) is { } mu ? new MeasureCondition(Measure.AgeMonths, null, mu) : null;
            case "contacts_in_last_12_months_at_least":
                return r.Int(value, key, ruleId, 0) is { } cl ? new MeasureCondition(Measure.ContactsInLast12Months, cl, null) : null;
            case "unborn": return ReadFlag(r, Flag.Unborn, key, value, ruleId);
            case "immediate_risk": return ReadFlag(r, Flag.ImmediateRisk, key, value, ruleId);
            case "information_only": return ReadFlag(r, Flag.InformationOnly, key, value, ruleId);
            case "repeat_contact": return ReadFlag(r, Flag.RepeatContact, key, value, ruleId);
            case "already_open": return ReadFlag(r, Flag.AlreadyOpen, key, value, ruleId);
            case "on_child_protection_plan": return ReadFlag(r, Flag.OnChildProtectionPlan, key, value, ruleId);
            case "open_pathway":
                return r.EnumSet<Pathway>(value, "pathway", ruleId) is { } op ? new OneOfCondition(Field.OpenPathway, op) : null;
            case "referral_source":
                return r.EnumSet<ReferralSource>(value, "referral source", ruleId) is { } rs ? new OneOfCondition(Field.ReferralSource, rs) : null;
            case "referrer_agency_kind":
                return r.EnumSet<AgencyKind>(value, "agency kind", ruleId) is { } ak ? new OneOfCondition(Field.ReferrerAgencyKind, ak) : null;
            case "disability":
                return r.EnumSet<Disability>(value, "disability", ruleId) is { } d ? new OneOfCondition(Field.Disability, d) : null;
            case "setting":
                return r.EnumSet<SettingKind>(value, "setting", ruleId) is { } s ? new OneOfCondition(Field.Setting, s) : null;
            case "household_member":
                return ReadHouseholdMember(r, value, ruleId);
            case "domestic_abuse_risk_at_least":
                return r.Enum<DomesticAbuseRisk>(value, "domestic abuse risk", ruleId) is { } da ? new GradeAtLeastCondition(Grade.DomesticAbuse, (int)da) : null;
            case "exploitation_risk_at_least":
                return r.Enum<ExploitationRisk>(value, "exploitation risk", ruleId) is { } er ? new GradeAtLeastCondition(Grade.Exploitation, (int)er) : null;
            case "previous_children_removed": return ReadRiskFlag(r, RiskFlag.PreviousChildrenRemoved, key, value, ruleId);
            case "care_proceedings": return ReadRiskFlag(r, RiskFlag.CareProceedings, key, value, ruleId);
            case "not_independently_mobile": return ReadRiskFlag(r, RiskFlag.NotIndependentlyMobile, key, value, ruleId);
            case "nowhere_safe_to_sleep_tonight": return ReadRiskFlag(r, RiskFlag.NowhereSafeToSleepTonight, key, value, ruleId);
            case "gender":
                return r.EnumSet<Gender>(value, "gender", ruleId) is { } g ? new GenderCondition(g) : null;
            case "any":
            case "all":
                return ReadList(r, key, value, ruleId);
            default: // "not"
                var inner = ReadConditions(r, value, "not", ruleId);
                if (inner is null) return null;
                if (inner.MentionsConcerns)
                {
                    r.Error(value, ruleId, "`not` may not mention concerns or risk facts: learning one must never lower the level");
                    return null;
                }
                return new NotCondition(inner);
        }
    }

    /// <summary>A risk fact can only be asked for as `true`: its absence is "not known", never "known not to hold".</summary>
    private static Condition? ReadRiskFlag(YamlReader r, RiskFlag flag, string key, YamlNode value, string? ruleId)
    {
        var expected = r.Bool(value, key, ruleId);
        if (expected == false) r.Error(value, ruleId, $"{key} can only be true: a risk fact not stated is not known, and learning it must never lower the level");
        return expected == true ? new RiskFlagCondition(flag) : null;
    }

    private static Condition? ReadFlag(YamlReader r, Flag flag, string key, YamlNode value, string? ruleId) =>
        r.Bool(value, key, ruleId) is { } expected ? new FlagCondition(flag, expected) : null;

    /// <summary>`concern: neglect`, `concern: [a, b]` (any of) or `concern: { category: ..., subject: ... }`.</summary>
    private static Condition? ReadConcern(YamlReader r, YamlNode value, string? ruleId)
    {
        if (value is not YamlMappingNode)
            return r.EnumSet<ConcernCategory>(value, "concern", ruleId) is { } any ? new ConcernAnyCondition(any, UInt128.Zero) : null;
        var map = r.Mapping(value, "concern", ruleId, ["category", "subject"], ["category"]);
        if (map is null || !map.TryGetValue("category", out var categoryNode)) return null;
        var categories = r.EnumSet<ConcernCategory>(categoryNode, "concern", ruleId);
        var subjects = map.TryGetValue("subject", out var subjectNode) ? r.EnumSet<ConcernSubject>(subjectNode, "concern subject", ruleId) : UInt128.Zero;
        if (categories is null || subjects is null) return null;
        if (subjects.Value >> 8 != UInt128.Zero)
        {
            r.Error(subjectNode!, ruleId, "concern subject has a value too large to index");
            return null;
        }
        return new ConcernAnyCondition(categories.Value, subjects.Value);
    }

    private static Condition? ReadHouseholdMember(YamlReader r, YamlNode value, string? ruleId)
    {
        var map = r.Mapping(value, "household_member", ruleId, HouseholdKeys, []);
        if (map is null) return null;
        if (map.Count == 0)
        {
            if (value is YamlMappingNode { Children.Count: 0 }) r.Error(value, ruleId, "household_member has no keys");
            return null;
        }
        var ok = true;
        UInt128? relationships = null;
        bool? lives = null, pr = null;
        int? atLeast = null, under = null;
        foreach (var (key, node) in map)
        {
            switch (key)
            {
                case "relationship": ok &= (relationships = r.EnumSet<Relationship>(node, "relationship", ruleId)) is not null; break;
                case "lives_with_children": ok &= (lives = r.Bool(node, key, ruleId)) is not null; break;
                case "has_parental_responsibility": ok &= (pr = r.Bool(node, key, ruleId)) is not null; break;
                case "age_years_at_least": ok &= (atLeast = r.Int(node, key, ruleId, 0)) is not null; break;
                default: ok &= (under = r.Int(node, key, ruleId, 1)) is not null; break;
            }
        }
        return ok ? new HouseholdMemberCondition(relationships, lives, pr, atLeast, under) : null;
    }

    private static Condition? ReadList(YamlReader r, string key, YamlNode value, string? ruleId)
    {
        if (value is not YamlSequenceNode { Children.Count: > 0 } seq)
        {
            r.Error(value, ruleId, $"`{key}` must be a non-empty list of condition mappings");
            return null;
        }
        var items = new List<Condition>();
        var ok = true;
        foreach (var item in seq.Children)
        {
            if (ReadConditions(r, item, $"an item of `{key}`", ruleId) is { } c) items.Add(c);
            else ok = false;
        }
        if (!ok) return null;
        return key == "any" ? new AnyCondition(items) : new AllCondition(items);
    }
}
