using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Engine;
using Xunit;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// The promise of the rule-set format, checked on the shipped rule sets: for any child, adding
/// a concern never lowers the recommended level (seeds/thresholds/README.md).
/// </summary>
public sealed class ConcernMonotonicityProperties
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly Gen<ConcernFact> AnyConcern =
        from category in Gen.Elements(ProtoNames.Values<ConcernCategory>().ToArray())
        from subject in Gen.Elements(System.Enum.GetValues<ConcernSubject>())
        select new ConcernFact { Category = category, Subject = subject };

    private static readonly Gen<HouseholdMemberFacts> AnyMember =
        from relationship in Gen.Elements(System.Enum.GetValues<Relationship>())
        from age in Gen.Choose(-1, 70)
        from lives in Gen.Elements(true, false)
        select Member(relationship, age, lives);

    /// <summary>A child and its contact, with every fact the conditions read drawn at random.</summary>
    private static readonly Gen<(ContactFacts Contact, ChildFacts Child)> AnyChild =
        from unborn in Gen.Frequency((1, Gen.Constant(true)), (9, Gen.Constant(false)))
        from months in Gen.Choose(0, 17 * 12 + 11)
        from concerns in Gen.ListOf(AnyConcern).Resize(5)
        from flags in Gen.ArrayOf(Gen.Elements(true, false), 4)
        from contacts in Gen.Choose(0, 6)
        from openPathway in Gen.Elements(System.Enum.GetValues<Pathway>())
        from source in Gen.Elements(System.Enum.GetValues<ReferralSource>())
        from agencyKind in Gen.Elements(System.Enum.GetValues<AgencyKind>())
        from disability in Gen.Elements(System.Enum.GetValues<Disability>())
        from setting in Gen.Elements(System.Enum.GetValues<SettingKind>())
        from household in Gen.ListOf(AnyMember).Resize(3)
        from postcode in Gen.Elements("WS2 8QT", "WV10 6PN", "LS9 7EX")
        select Build(unborn, months, concerns, flags, contacts, openPathway, source, agencyKind, disability, setting, household, postcode);

    [Theory]
    [InlineData("walsall")]
    [InlineData("wolverhampton")]
    public void Adding_a_concern_never_lowers_the_level(string authority)
    {
        var ruleSet = SeedFiles.RuleSetOf(authority);
        var property = Prop.ForAll(Arb.From(Gen.Zip(AnyChild, AnyConcern)), pair =>
        {
            var ((contact, child), extra) = pair;
            var before = Level(contact, child);
            var withMore = child.Clone();
            withMore.Concerns.Add(extra);
            var after = Level(contact, withMore);
            return (after >= before).Label($"{authority}: adding {extra.Category}/{extra.Subject} took level {before} to {after} for {child}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);

        LevelOfNeed Level(ContactFacts contact, ChildFacts child) =>
            ThresholdEngine.Evaluate(contact, child, SeedFiles.Localities.Find(child.Postcode), ruleSet, SeedFiles.Calendar, ReceivedAt).Level;
    }

    private static HouseholdMemberFacts Member(Relationship relationship, int age, bool lives)
    {
        var member = new HouseholdMemberFacts { Relationship = relationship, LivesWithChildren = lives };
        if (age >= 0) member.AgeYears = age;
        return member;
    }

    private static (ContactFacts, ChildFacts) Build(bool unborn, int months, List<ConcernFact> concerns, bool[] flags, int contacts,
        Pathway openPathway, ReferralSource source, AgencyKind agencyKind, Disability disability, SettingKind setting,
        List<HouseholdMemberFacts> household, string postcode)
    {
        var child = new ChildFacts
        {
            Postcode = postcode,
            Disability = disability,
            Setting = new Setting { Kind = setting },
            ContactsInLast12Months = contacts,
            RepeatContact = contacts > 0,
            AlreadyOpen = flags[2],
            OpenPathway = flags[2] ? openPathway : Pathway.Unspecified,
            OnChildProtectionPlan = flags[2] && flags[3] && openPathway == Pathway.ChildProtection,
        };
        var receivedOn = DateOnly.FromDateTime(ReceivedAt.UtcDateTime);
        if (unborn)
        {
            var due = receivedOn.AddMonths(3);
            child.ExpectedDateOfBirth = new Date { Year = due.Year, Month = due.Month, Day = due.Day };
        }
        else
        {
            var born = receivedOn.AddMonths(-months);
            child.DateOfBirth = new Date { Year = born.Year, Month = born.Month, Day = born.Day };
            (child.AgeYears, child.AgeMonths) = (months / 12, months);
        }
        child.Concerns.AddRange(concerns);

        var contact = new ContactFacts
        {
            ReferralSource = source,
            ReferrerAgencyKind = agencyKind,
            ImmediateRisk = flags[0],
            InformationOnly = flags[1],
            ReceivedAt = Timestamp.FromDateTimeOffset(ReceivedAt),
        };
        contact.Household.AddRange(household);
        contact.Children.Add(child);
        return (contact, child);
    }
}
