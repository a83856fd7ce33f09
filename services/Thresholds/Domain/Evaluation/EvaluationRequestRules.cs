using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Domain.Decisions;

namespace Mash.Thresholds.Domain.Evaluation;

/// <summary>
/// What a what-if request must hold before the rules run on it. Every violation is reported at
/// once, named by its field path (facts.children[1].age_years), as intake does.
/// </summary>
public static class EvaluationRequestRules
{
    public const int MaxChildren = 20;
    public const int MaxConcerns = 60;
    public const int MaxHousehold = 30;

    public static IReadOnlyList<FieldViolation> Validate(EvaluateContactRequest request)
    {
        var violations = new List<FieldViolation>();
        void Add(string field, string description) => violations.Add(new(field, description));

        if (request.Version < 0) Add("version", "must be 0 (the version in force) or a version number");
        if (request.Version > 0 && request.RuleSetId.Length == 0) Add("rule_set_id", "is required with a version");
        if (request.EvaluateAt is { } at && (at.Seconds < 0 || at.ToDateTimeOffset().Year is < 2000 or > 2200))
            Add("evaluate_at", "must be an instant between the years 2000 and 2200");

        switch (request.SourceCase)
        {
            case EvaluateContactRequest.SourceOneofCase.Facts:
                ValidateFacts(request.Facts, Add);
                break;
            case EvaluateContactRequest.SourceOneofCase.ContactId:
                if (!Guid.TryParse(request.ContactId, out _)) Add("contact_id", "must be a contact id (a UUID)");
                break;
            default:
                Add("source", "give the facts to evaluate, or the contact_id of a stored contact");
                break;
        }
        return violations;
    }

    static void ValidateFacts(ContactFacts facts, Action<string, string> add)
    {
        if (facts.Children.Count == 0) add("facts.children", "at least one child is required");
        if (facts.Children.Count > MaxChildren) add("facts.children", $"at most {MaxChildren} children");
        if (facts.Household.Count > MaxHousehold) add("facts.household", $"at most {MaxHousehold} members");
        if (!Enum.IsDefined(facts.ReferralSource)) add("facts.referral_source", "is not a referral source");
        if (!Enum.IsDefined(facts.ReferrerAgencyKind)) add("facts.referrer_agency_kind", "is not an agency kind");
        for (var i = 0; i < facts.Household.Count; i++)
        {
            var member = facts.Household[i];
            if (!Enum.IsDefined(member.Relationship)) add($"facts.household[{i}].relationship", "is not a relationship");
            if (member.HasAgeYears && member.AgeYears is < 0 or > 130) add($"facts.household[{i}].age_years", "must be between 0 and 130");
        }
        for (var i = 0; i < facts.Children.Count; i++)
        {
            var child = facts.Children[i];
            var path = $"facts.children[{i}]";
            if (child.AgeYears is < 0 or > 25) add($"{path}.age_years", "must be between 0 and 25");
            if (child.AgeMonths is < 0 or > 25 * 12 + 11) add($"{path}.age_months", "must be between 0 and 311");
            if (child.ContactsInLast12Months < 0) add($"{path}.contacts_in_last_12_months", "must not be negative");
            if (child.Postcode.Length > 10) add($"{path}.postcode", "is not a postcode (at most 10 characters)");
            if (!Enum.IsDefined(child.Disability)) add($"{path}.disability", "is not a disability value");
            if (!Enum.IsDefined(child.OpenPathway)) add($"{path}.open_pathway", "is not a pathway");
            if (child.Setting is { } setting && !Enum.IsDefined(setting.Kind)) add($"{path}.setting.kind", "is not a kind of setting");
            if (child.Concerns.Count > MaxConcerns) add($"{path}.concerns", $"at most {MaxConcerns} concerns");
            for (var c = 0; c < child.Concerns.Count; c++)
            {
                var concern = child.Concerns[c];
                if (concern.Category == ConcernCategory.Unspecified || !Enum.IsDefined(concern.Category))
                    add($"{path}.concerns[{c}].category", "is required and must be a concern category");
                if (!Enum.IsDefined(concern.Subject)) add($"{path}.concerns[{c}].subject", "is not a concern subject");
            }
        }
    }
}
