using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>The numeric facts a threshold compares against.</summary>
public enum Measure { AgeYears, AgeMonths, ContactsInLast12Months }

/// <summary>`age_years_under`, `age_years_at_least`, `age_months_under`, `contacts_in_last_12_months_at_least`.</summary>
public sealed class MeasureCondition(Measure measure, int? atLeast, int? under) : Condition
{
    public override bool Holds(in Subject subject)
    {
        var value = measure switch
        {
            Measure.AgeYears => subject.Child.AgeYears,
            Measure.AgeMonths => subject.Child.AgeMonths,
            _ => subject.Child.ContactsInLast12Months,
        };
        return (atLeast is not { } min || value >= min) && (under is not { } max || value < max);
    }

    public override bool MentionsConcerns => false;
}

/// <summary>The yes/no facts of a contact and child.</summary>
public enum Flag { Unborn, ImmediateRisk, InformationOnly, RepeatContact, AlreadyOpen, OnChildProtectionPlan }

/// <summary>A yes/no fact equals the expected value (`immediate_risk: true`).</summary>
public sealed class FlagCondition(Flag flag, bool expected) : Condition
{
    public override bool Holds(in Subject subject)
    {
        var value = flag switch
        {
            Flag.Unborn => subject.Unborn,
            Flag.ImmediateRisk => subject.Contact.ImmediateRisk,
            Flag.InformationOnly => subject.Contact.InformationOnly,
            Flag.RepeatContact => subject.Child.RepeatContact,
            Flag.AlreadyOpen => subject.Child.AlreadyOpen,
            _ => subject.Child.OnChildProtectionPlan,
        };
        return value == expected;
    }

    public override bool MentionsConcerns => false;
}

/// <summary>The enum facts a list condition can name.</summary>
public enum Field { ReferralSource, ReferrerAgencyKind, Disability, Setting, OpenPathway }

/// <summary>An enum fact is one of the listed values (`referral_source: [police, anonymous]`).</summary>
public sealed class OneOfCondition(Field field, UInt128 values) : Condition
{
    public override bool Holds(in Subject subject)
    {
        var value = field switch
        {
            Field.ReferralSource => (int)subject.Contact.ReferralSource,
            Field.ReferrerAgencyKind => (int)subject.Contact.ReferrerAgencyKind,
            Field.Disability => (int)subject.Child.Disability,
            Field.Setting => (int)(subject.Child.Setting?.Kind ?? SettingKind.Unspecified),
            // "... and open to one of these": the open pathway only counts while the referral is open.
            _ => subject.Child.AlreadyOpen ? (int)subject.Child.OpenPathway : -1,
        };
        if (field == Field.OpenPathway && subject.Child.AlreadyOpen)
        {
            // A child can be open to more than one service at once (early help and a CIN plan).
            foreach (var open in subject.Child.OpenPathways)
                if (Bits.Has(values, (int)open)) return true;
        }
        return Bits.Has(values, value);
    }

    public override bool MentionsConcerns => false;
}

/// <summary>`household_member`: some household member of the contact matches every given key.</summary>
public sealed class HouseholdMemberCondition(UInt128? relationships, bool? livesWithChildren, bool? hasParentalResponsibility,
    int? ageYearsAtLeast, int? ageYearsUnder) : Condition
{
    public override bool Holds(in Subject subject)
    {
        var household = subject.Contact.Household;
        for (var i = 0; i < household.Count; i++)
            if (Matches(household[i])) return true;
        return false;
    }

    private bool Matches(HouseholdMemberFacts m)
    {
        if (relationships is { } r && !Bits.Has(r, (int)m.Relationship)) return false;
        if (livesWithChildren is { } lives && m.LivesWithChildren != lives) return false;
        if (hasParentalResponsibility is { } pr && m.HasParentalResponsibility != pr) return false;
        // An unknown age matches no age bound: the rule asks about a known adult or child.
        if (ageYearsAtLeast is { } min && (!m.HasAgeYears || m.AgeYears < min)) return false;
        if (ageYearsUnder is { } max && (!m.HasAgeYears || m.AgeYears >= max)) return false;
        return true;
    }

    public override bool MentionsConcerns => false;
}
