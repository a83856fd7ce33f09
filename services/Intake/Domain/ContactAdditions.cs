using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain;

/// <summary>A contact as it stands after additions: concerns and household appended, immediate risk only ever raised.</summary>
public static class ContactAdditions
{
    public static SubmitContactRequest Merge(SubmitContactRequest submitted, IEnumerable<AddedInformation> additions)
    {
        var merged = submitted.Clone();
        foreach (var addition in additions)
        {
            merged.Concerns.AddRange(addition.Concerns);
            merged.Household.AddRange(addition.Household);
            merged.ImmediateRisk |= addition.ImmediateRisk;
        }
        return merged;
    }
}
