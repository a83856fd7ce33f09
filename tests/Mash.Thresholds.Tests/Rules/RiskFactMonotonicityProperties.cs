using FsCheck;
using FsCheck.Fluent;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Engine;
using Xunit;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// The risk facts (DASH and exploitation grades, previous children removed, care proceedings, not
/// independently mobile, nowhere safe to sleep tonight) are "not known" until stated and only ever
/// raised, so the shipped rule sets must never recommend a lower level, nor a less urgent RAG at the
/// same level, once one is learnt (seeds/thresholds/README.md).
/// </summary>
public sealed class RiskFactMonotonicityProperties
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Risk facts as known so far: grades and flags, drawn at random.</summary>
    public sealed record Risk(DomesticAbuseRisk DomesticAbuse, ExploitationRisk Exploitation, bool Removed, bool Proceedings, bool NotMobile, bool Nowhere)
    {
        public void ApplyTo(ContactFacts contact, ChildFacts child)
        {
            contact.DomesticAbuseRisk = DomesticAbuse;
            contact.PreviousChildrenRemoved = Removed;
            contact.CareProceedings = Proceedings;
            child.ExploitationRisk = Exploitation;
            child.NotIndependentlyMobile = NotMobile;
            child.NowhereSafeToSleepTonight = Nowhere;
        }

        /// <summary>The same facts with one of them raised (a flag set, a grade one step or more higher).</summary>
        public Risk Raise(int which, int steps) => which switch
        {
            0 => this with { DomesticAbuse = (DomesticAbuseRisk)Math.Min(4, (int)DomesticAbuse + steps) },
            1 => this with { Exploitation = (ExploitationRisk)Math.Min(3, (int)Exploitation + steps) },
            2 => this with { Removed = true },
            3 => this with { Proceedings = true },
            4 => this with { NotMobile = true },
            _ => this with { Nowhere = true },
        };
    }

    private static readonly Gen<Risk> AnyRisk =
        from da in Gen.Elements(Enum.GetValues<DomesticAbuseRisk>())
        from ex in Gen.Elements(Enum.GetValues<ExploitationRisk>())
        from flags in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))), 4)
        select new Risk(da, ex, flags[0], flags[1], flags[2], flags[3]);

    private static readonly Gen<ConcernFact> AnyConcern =
        from category in Gen.Elements(ProtoNames.Values<ConcernCategory>().ToArray())
        from subject in Gen.Elements(Enum.GetValues<ConcernSubject>())
        select new ConcernFact { Category = category, Subject = subject };

    private static readonly Gen<(ContactFacts Contact, ChildFacts Child)> AnyChild =
        from unborn in Gen.Frequency((1, Gen.Constant(true)), (9, Gen.Constant(false)))
        from months in Gen.Choose(0, 17 * 12 + 11)
        from concerns in Gen.ListOf(AnyConcern).Resize(4)
        from flags in Gen.ArrayOf(Gen.Elements(true, false), 3)
        from openPathway in Gen.Elements(Enum.GetValues<Pathway>())
        from gender in Gen.Elements(Enum.GetValues<Gender>())
        from disability in Gen.Elements(Enum.GetValues<Disability>())
        from contacts in Gen.Choose(0, 5)
        from postcode in Gen.Elements("WS2 8QT", "WV10 6PN", "LS9 7EX")
        select Build(unborn, months, concerns, flags, openPathway, gender, disability, contacts, postcode);

    [Theory]
    [InlineData("walsall")]
    [InlineData("wolverhampton")]
    public void Learning_a_risk_fact_never_lowers_the_recommendation(string authority)
    {
        var ruleSet = SeedFiles.RuleSetOf(authority);
        var gen =
            from child in AnyChild
            from risk in AnyRisk
            from which in Gen.Choose(0, 5)
            from steps in Gen.Choose(1, 4)
            select (child.Contact, child.Child, risk, which, steps);
        var property = Prop.ForAll(Arb.From(gen), t =>
        {
            var (contact, child, risk, which, steps) = t;
            var before = Evaluate(contact, child, risk);
            var raised = risk.Raise(which, steps);
            var after = Evaluate(contact, child, raised);
            var notLower = after.Level > before.Level || (after.Level == before.Level && Urgency(after.Rag) >= Urgency(before.Rag));
            return notLower.Label($"{authority}: {risk} -> {raised} took {before.Level}/{before.Rag} to {after.Level}/{after.Rag} for {child}");
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), property);

        Recommendation Evaluate(ContactFacts contact, ChildFacts child, Risk risk)
        {
            var (c, ch) = (contact.Clone(), child.Clone());
            c.Children.Clear();
            c.Children.Add(ch);
            risk.ApplyTo(c, ch);
            return ThresholdEngine.Evaluate(c, ch, SeedFiles.Localities.Find(ch.Postcode), ruleSet, SeedFiles.Calendar, ReceivedAt);
        }
    }

    private static int Urgency(Rag rag) => rag == Rag.Unspecified ? 0 : 4 - (int)rag;

    private static (ContactFacts, ChildFacts) Build(bool unborn, int months, List<ConcernFact> concerns, bool[] flags, Pathway openPathway,
        Gender gender, Disability disability, int contacts, string postcode)
    {
        var child = new ChildFacts
        {
            Postcode = postcode,
            Gender = gender,
            Disability = disability,
            ContactsInLast12Months = contacts,
            RepeatContact = contacts > 0,
            AlreadyOpen = flags[2] && openPathway != Pathway.Unspecified,
            OpenPathway = flags[2] ? openPathway : Pathway.Unspecified,
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
        var contact = new ContactFacts { ImmediateRisk = flags[0], InformationOnly = flags[1], ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(ReceivedAt) };
        contact.Children.Add(child);
        return (contact, child);
    }
}
