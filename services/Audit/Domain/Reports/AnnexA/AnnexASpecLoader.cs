using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using NodaTime;
using NodaTime.Text;
using YamlDotNet.RepresentationModel;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>
/// Reads seeds/annex-a/columns.yaml (format in seeds/annex-a/README.md). Every problem is reported
/// with its file and line, all at once; a file with any error does not load.
/// </summary>
public static class AnnexASpecLoader
{
    static readonly Dictionary<string, AnnexAList> ListNames = new(StringComparer.Ordinal)
    {
        ["contacts"] = AnnexAList.Contacts,
        ["early_help"] = AnnexAList.EarlyHelp,
        ["referrals"] = AnnexAList.Referrals,
        ["section_47"] = AnnexAList.Section47,
    };

    static readonly Dictionary<string, AnnexAField> CommonFields = new(StringComparer.Ordinal)
    {
        ["child_id"] = AnnexAField.ChildId,
        ["gender"] = AnnexAField.Gender,
        ["ethnicity"] = AnnexAField.Ethnicity,
        ["date_of_birth"] = AnnexAField.DateOfBirth,
        ["age_years"] = AnnexAField.AgeYears,
        ["disability"] = AnnexAField.Disability,
    };

    /// <summary>The fields each list can print besides the child's own (a contact has no allocated worker).</summary>
    static readonly Dictionary<AnnexAList, Dictionary<string, AnnexAField>> ListFields = new()
    {
        [AnnexAList.Contacts] = new(StringComparer.Ordinal)
        {
            ["contact_date"] = AnnexAField.ContactDate,
            ["contact_source"] = AnnexAField.ContactSource,
        },
        [AnnexAList.EarlyHelp] = new(StringComparer.Ordinal)
        {
            ["assessment_start_date"] = AnnexAField.AssessmentStartDate,
            ["assessment_completion_date"] = AnnexAField.AssessmentCompletionDate,
            ["assessment_organisation"] = AnnexAField.AssessmentOrganisation,
        },
        [AnnexAList.Referrals] = new(StringComparer.Ordinal)
        {
            ["referral_date"] = AnnexAField.ReferralDate,
            ["referral_source"] = AnnexAField.ReferralSource,
            ["referral_nfa"] = AnnexAField.ReferralNfa,
            ["referrals_last_12_months"] = AnnexAField.ReferralsLast12Months,
            ["allocated_team"] = AnnexAField.AllocatedTeam,
            ["allocated_worker"] = AnnexAField.AllocatedWorker,
        },
        [AnnexAList.Section47] = new(StringComparer.Ordinal)
        {
            ["strategy_discussion_date"] = AnnexAField.StrategyDiscussionDate,
            ["icpc_unnecessary"] = AnnexAField.ConferenceUnnecessary,
            ["icpc_date"] = AnnexAField.ConferenceDate,
            ["icpc_cp_plan"] = AnnexAField.ConferencePlan,
            ["section_47s_last_12_months"] = AnnexAField.Section47sLast12Months,
            ["icpcs_last_12_months"] = AnnexAField.ConferencesLast12Months,
            ["allocated_team"] = AnnexAField.AllocatedTeam,
            ["allocated_worker"] = AnnexAField.AllocatedWorker,
        },
    };

    /// <summary>Gender is printed for every value, the unset one included ("not recorded").</summary>
    const string GenderNotRecorded = "not_recorded";

    public static (AnnexASpec? Spec, IReadOnlyList<LoadError> Errors) Load(string file, string yaml)
    {
        var r = new YamlReader(file);
        var root = r.Parse(yaml);
        var top = root is null ? null : r.Mapping(root, "the Annex A file", null,
            ["source", "look_back_months", "date_format", "lists", "values"], ["look_back_months", "date_format", "lists", "values"]);
        if (top is null) return (null, r.Errors);

        var lookBack = top.TryGetValue("look_back_months", out var lb) ? r.Int(lb, "look_back_months", null, 1, 120) : null;
        var dateFormat = top.TryGetValue("date_format", out var df) ? DateFormat(r, df) : null;
        var lists = top.TryGetValue("lists", out var ls) ? Lists(r, ls) : null;
        var values = top.TryGetValue("values", out var vs) ? Values(r, vs) : null;

        if (r.Errors.Count > 0 || lookBack is null || dateFormat is null || lists is null || values is null) return (null, r.Errors);
        return (new AnnexASpec(lookBack.Value, dateFormat, lists, values), r.Errors);
    }

    static string? DateFormat(YamlReader r, YamlNode node)
    {
        if (r.Text(node, "date_format", null) is not { } format) return null;
        try
        {
            var pattern = LocalDatePattern.CreateWithInvariantCulture(format);
            // A pattern that cannot read back what it wrote loses the date (e.g. "dd/MM" without the year).
            var sample = new LocalDate(2026, 12, 31);
            if (pattern.Parse(pattern.Format(sample)) is { Success: true } parsed && parsed.Value == sample) return format;
            r.Error(node, null, $"date_format '{format}' must give day, month and year");
        }
        catch (InvalidPatternException e)
        {
            r.Error(node, null, $"date_format '{format}' is not a date pattern: {e.Message}");
        }
        return null;
    }

    static Dictionary<AnnexAList, IReadOnlyList<AnnexAColumn>>? Lists(YamlReader r, YamlNode node)
    {
        var map = r.Mapping(node, "lists", null, ListNames.Keys, ListNames.Keys);
        if (map is null) return null;
        var lists = new Dictionary<AnnexAList, IReadOnlyList<AnnexAColumn>>();
        foreach (var (name, listNode) in map)
        {
            var list = ListNames[name];
            if (listNode is not YamlSequenceNode { Children.Count: > 0 } seq)
            {
                r.Error(listNode, null, $"list {name} must be a non-empty list of columns");
                continue;
            }
            var columns = new List<AnnexAColumn>();
            foreach (var item in seq.Children)
            {
                var column = r.Mapping(item, $"a column of {name}", null, ["header", "field"], ["header", "field"]);
                if (column is null || !column.TryGetValue("header", out var h) || !column.TryGetValue("field", out var f)) continue;
                var header = r.Text(h, "header", null);
                var fieldName = r.Text(f, "field", null);
                if (header is null || fieldName is null) continue;
                if (columns.Any(c => c.Header == header))
                {
                    r.Error(h, null, $"header '{header}' appears twice in {name}");
                    continue;
                }
                if (!CommonFields.TryGetValue(fieldName, out var field) && !ListFields[list].TryGetValue(fieldName, out field))
                {
                    r.Error(f, null, $"unknown field '{fieldName}' for {name}; one of: {string.Join(", ", CommonFields.Keys.Concat(ListFields[list].Keys))}");
                    continue;
                }
                columns.Add(new AnnexAColumn(header, field));
            }
            lists[list] = columns;
        }
        return lists;
    }

    static AnnexAValues? Values(YamlReader r, YamlNode node)
    {
        string[] sets = ["gender", "ethnicity", "referral_source", "disability", "referral_nfa", "yes_no"];
        var map = r.Mapping(node, "values", null, sets, sets);
        if (map is null) return null;

        var gender = EnumTexts<Gender>(r, map.GetValueOrDefault("gender"), "gender", GenderNotRecorded);
        var source = EnumTexts<ReferralSource>(r, map.GetValueOrDefault("referral_source"), "referral_source", null);
        var disability = EnumTexts<Disability>(r, map.GetValueOrDefault("disability"), "disability", "not_recorded");

        Dictionary<string, string>? ethnicity = null;
        string? unknownEthnicity = null;
        if (map.GetValueOrDefault("ethnicity") is { } en && Texts(r, en, "ethnicity") is { } codes)
        {
            // Census codes are upper-case letters; "unknown" prints every code not listed (and none at all).
            foreach (var (code, (keyNode, _)) in codes)
                if (code != "unknown" && (code.Length != 4 || !code.All(char.IsAsciiLetterUpper)))
                    r.Error(keyNode, null, $"ethnicity '{code}' is not a census code (four capital letters) or 'unknown'");
            if (!codes.TryGetValue("unknown", out var unknown)) r.Error(en, null, "ethnicity lacks 'unknown' (printed for a code not listed)");
            unknownEthnicity = unknown.Text;
            ethnicity = codes.Where(c => c.Key != "unknown").ToDictionary(c => c.Key, c => c.Value.Text, StringComparer.Ordinal);
        }

        var (nfa, notNfa) = Pair(r, map.GetValueOrDefault("referral_nfa"), "referral_nfa", "nfa", "not_nfa");
        var (yes, no) = Pair(r, map.GetValueOrDefault("yes_no"), "yes_no", "yes", "no");

        if (gender is null || source is null || disability is null || ethnicity is null || unknownEthnicity is null || nfa is null || notNfa is null
            || yes is null || no is null)
            return null;
        // An unset referral source is printed as the census "unknown" (10).
        source[ReferralSource.Unspecified] = source[ReferralSource.Unknown];
        return new AnnexAValues(gender, ethnicity, unknownEthnicity, source, disability, nfa, notNfa, yes, no);
    }

    /// <summary>
    /// A text for every value of a proto enum, named as rule sets name them (EnumNames); the unset
    /// value under <paramref name="unsetKey"/> when the set prints it, otherwise not at all.
    /// </summary>
    static Dictionary<T, string>? EnumTexts<T>(YamlReader r, YamlNode? node, string what, string? unsetKey) where T : struct, Enum
    {
        if (node is null || Texts(r, node, what) is not { } texts) return null;
        var names = EnumNames<T>.Instance;
        var result = new Dictionary<T, string>();
        foreach (var (key, (keyNode, text)) in texts)
        {
            if (key == unsetKey) result[default] = text;
            else if (names.TryParse(key, out var value)) result[value] = text;
            else r.Error(keyNode, null, $"unknown {what} '{key}'{(names.Closest(key) is { } close ? $" (did you mean '{close}'?)" : "")}");
        }
        var missing = names.Names.Where(n => !texts.ContainsKey(n)).Concat(unsetKey is not null && !texts.ContainsKey(unsetKey) ? [unsetKey] : []).ToList();
        if (missing.Count > 0) r.Error(node, null, $"{what} lacks a text for: {string.Join(", ", missing)}");
        return missing.Count > 0 ? null : result;
    }

    /// <summary>A value set of exactly two texts (e.g. referral_nfa: { nfa: a) Yes, not_nfa: b) No }).</summary>
    static (string? First, string? Second) Pair(YamlReader r, YamlNode? node, string set, string first, string second)
    {
        if (node is null || r.Mapping(node, $"values.{set}", null, [first, second], [first, second]) is not { } pair) return (null, null);
        return (pair.TryGetValue(first, out var f) ? r.Text(f, $"{set}.{first}", null) : null,
                pair.TryGetValue(second, out var s) ? r.Text(s, $"{set}.{second}", null) : null);
    }

    static Dictionary<string, (YamlNode Key, string Text)>? Texts(YamlReader r, YamlNode node, string what)
    {
        if (node is not YamlMappingNode mapping)
        {
            r.Error(node, null, $"values.{what} must be a mapping of values to texts");
            return null;
        }
        var texts = new Dictionary<string, (YamlNode, string)>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (r.Text(keyNode, $"a key of values.{what}", null) is not { } key || r.Text(valueNode, $"values.{what}.{key}", null) is not { } text) continue;
            if (!texts.TryAdd(key, (keyNode, text))) r.Error(keyNode, null, $"'{key}' appears twice in values.{what}");
        }
        return texts;
    }
}
