using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.RuleSets;
using static Mash.Thresholds.Tests.Domain.Fixtures;

namespace Mash.Thresholds.Tests.Domain;

/// <summary>Each condition family, compiled from YAML and evaluated against a subject.</summary>
public class ConditionTests
{
    private static bool Holds(string condition, ContactFacts contact, ChildFacts child)
    {
        var set = Load(WithRules($"""
              - id: C-1
                when:
                  {condition}
                level: 2
                pathway: early_help
                rag: green
                reason: Test.
            """));
        return set.Rules[0].When.Holds(new Subject(contact, child));
    }

    private static bool Holds(string condition, ChildFacts child) => Holds(condition, Contact(London(2026, 5, 7, 10), child), child);

    private static ChildFacts WithConcern(ConcernCategory category, ConcernSubject subject)
    {
        var child = Child(8);
        child.Concerns.Add(new ConcernFact { Category = category, Subject = subject });
        return child;
    }

    [Fact]
    public void Concern_conditions_read_categories_and_subjects()
    {
        var child = Child(8, ConcernCategory.Neglect, ConcernCategory.DomesticAbuse);
        Assert.True(Holds("concern: neglect", child));
        Assert.False(Holds("concern: housing", child));
        Assert.True(Holds("concern: [housing, neglect]", child));
        Assert.True(Holds("concern_any: [housing, domestic_abuse]", child));
        Assert.True(Holds("concern_all: [neglect, domestic_abuse]", child));
        Assert.False(Holds("concern_all: [neglect, domestic_abuse, housing]", child));
        Assert.True(Holds("concern_count_at_least: 2", child));
        Assert.False(Holds("concern_count_at_least: 3", child));

        var aboutParent = WithConcern(ConcernCategory.DomesticAbuse, ConcernSubject.ParentOrCarer);
        Assert.True(Holds("concern: { category: domestic_abuse, subject: parent_or_carer }", aboutParent));
        Assert.False(Holds("concern: { category: domestic_abuse, subject: child }", aboutParent));
        Assert.True(Holds("concern: { category: [neglect, domestic_abuse], subject: [child, parent_or_carer] }", aboutParent));
    }

    [Fact]
    public void The_same_category_twice_counts_once()
    {
        var child = Child(8, ConcernCategory.Neglect);
        child.Concerns.Add(new ConcernFact { Category = ConcernCategory.Neglect, Subject = ConcernSubject.ParentOrCarer });
        Assert.False(Holds("concern_count_at_least: 2", child));
    }

    [Fact]
    public void Age_conditions_use_whole_years_and_months()
    {
        var baby = Child(0);
        baby.AgeMonths = 5;
        Assert.True(Holds("age_months_under: 6", baby));
        Assert.False(Holds("age_months_under: 5", baby));
        Assert.True(Holds("age_years_under: 1", baby));
        Assert.True(Holds("age_years_at_least: 12", Child(12)));
        Assert.False(Holds("age_years_at_least: 12", Child(11)));

        var unborn = new ChildFacts { ExpectedDateOfBirth = new Date { Year = 2026, Month = 9, Day = 1 } };
        Assert.True(Holds("unborn: true", unborn));
        Assert.False(Holds("unborn: true", baby));
        Assert.True(Holds("unborn: false", baby));
    }

    [Fact]
    public void Contact_and_history_conditions()
    {
        var child = Child(8);
        child.RepeatContact = true;
        child.ContactsInLast12Months = 3;
        child.AlreadyOpen = true;
        child.OpenPathway = Pathway.ChildInNeed;
        child.OnChildProtectionPlan = true;
        child.Disability = Disability.Yes;
        child.Setting = new Setting { Kind = SettingKind.ElectiveHomeEducation };
        var contact = Contact(London(2026, 5, 7, 10), child);
        contact.ImmediateRisk = true;
        contact.ReferralSource = ReferralSource.Police;
        contact.ReferrerAgencyKind = AgencyKind.Police;

        Assert.True(Holds("immediate_risk: true", contact, child));
        Assert.False(Holds("information_only: true", contact, child));
        Assert.True(Holds("repeat_contact: true", contact, child));
        Assert.True(Holds("contacts_in_last_12_months_at_least: 3", contact, child));
        Assert.False(Holds("contacts_in_last_12_months_at_least: 4", contact, child));
        Assert.True(Holds("already_open: true", contact, child));
        Assert.True(Holds("open_pathway: [child_in_need, child_protection]", contact, child));
        Assert.False(Holds("open_pathway: early_help", contact, child));
        Assert.True(Holds("on_child_protection_plan: true", contact, child));
        Assert.True(Holds("referral_source: [police, anonymous]", contact, child));
        Assert.True(Holds("referrer_agency_kind: police", contact, child));
        Assert.True(Holds("disability: [yes]", contact, child));
        Assert.True(Holds("setting: [not_in_education, elective_home_education]", contact, child));

        child.AlreadyOpen = false;
        Assert.False(Holds("open_pathway: child_in_need", contact, child));
    }

    [Fact]
    public void A_household_member_must_match_every_given_key()
    {
        var child = Child(4);
        var contact = Contact(London(2026, 5, 7, 10), child);
        contact.Household.Add(new HouseholdMemberFacts { Relationship = Relationship.Mother, AgeYears = 30, LivesWithChildren = true });
        contact.Household.Add(new HouseholdMemberFacts { Relationship = Relationship.ParentsPartner, LivesWithChildren = true });

        Assert.True(Holds("household_member: { relationship: [parents_partner, unrelated_household_member], lives_with_children: true }", contact, child));
        // The partner's age is unknown: an age bound does not hold for them, and the mother is no partner.
        Assert.False(Holds("household_member: { relationship: parents_partner, age_years_at_least: 18 }", contact, child));
        Assert.True(Holds("household_member: { relationship: mother, age_years_at_least: 18 }", contact, child));
        Assert.False(Holds("household_member: { age_years_under: 18 }", contact, child));
    }

    [Fact]
    public void Any_all_and_not_combine_conditions()
    {
        var child = Child(8, ConcernCategory.Neglect);
        child.ContactsInLast12Months = 1;
        Assert.True(Holds("any: [ { concern: housing }, { concern: neglect } ]", child));
        Assert.False(Holds("any: [ { concern: housing }, { contacts_in_last_12_months_at_least: 3 } ]", child));
        Assert.True(Holds("all: [ { concern: neglect }, { age_years_under: 10 } ]", child));
        Assert.False(Holds("all: [ { concern: neglect }, { age_years_under: 5 } ]", child));
        Assert.True(Holds("not: { already_open: true }", child));
        child.AlreadyOpen = true;
        Assert.False(Holds("not: { already_open: true }", child));
    }
}
