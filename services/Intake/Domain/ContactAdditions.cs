using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// A contact as it stands after additions: concerns and household appended; immediate risk, the
/// risk flags and grades only ever raised (what was once known to be a risk stays known).
/// </summary>
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
            merged.PreviousChildrenRemoved |= addition.PreviousChildrenRemoved;
            merged.CareProceedings |= addition.CareProceedings;
            merged.DomesticAbuseRisk = Max(merged.DomesticAbuseRisk, addition.DomesticAbuseRisk);
            foreach (var risk in addition.ChildRisks)
            {
                if (risk.ChildIndex < 0 || risk.ChildIndex >= merged.Children.Count) continue;
                var child = merged.Children[risk.ChildIndex];
                child.NotIndependentlyMobile |= risk.NotIndependentlyMobile;
                child.NowhereSafeToSleepTonight |= risk.NowhereSafeToSleepTonight;
                child.ExploitationRisk = Max(child.ExploitationRisk, risk.ExploitationRisk);
            }
        }
        return merged;
    }

    static T Max<T>(T a, T b) where T : struct, Enum => Convert.ToInt32(b) > Convert.ToInt32(a) ? b : a;
}
