using Google.Protobuf;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Domain;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>The facts that leave intake on the bus, checked over the whole demo corpus.</summary>
public sealed class ContactFactsBuilderTests
{
    static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);
    static readonly JsonParser Strict = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static TheoryData<string> SeedContacts() =>
        new(Directory.GetFiles(Path.Combine(ServiceProcess.RepositoryRoot(), "seeds", "contacts"), "*.json").Select(Path.GetFileName).Order()!);

    static SubmitContactRequest Load(string file) =>
        Strict.Parse<SubmitContactRequest>(File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot(), "seeds", "contacts", file)));

    [Fact]
    public void The_demo_corpus_has_contacts()
    {
        Assert.True(SeedContacts().Count >= 16);
    }

    [Theory]
    [MemberData(nameof(SeedContacts))]
    public void Facts_keep_every_child_and_concern_but_no_names_nhs_numbers_addresses_or_narrative(string file)
    {
        var request = Load(file);
        var histories = request.Children.Select(_ => ChildHistory.New(Guid.NewGuid())).ToList();

        var facts = ContactFactsBuilder.Build(request, histories, ReceivedAt);

        Assert.Equal(histories.Select(h => h.ChildId.ToString()), facts.Children.Select(c => c.ChildId));
        Assert.Equal(request.Concerns.Count(c => c.ChildIndexes.Count == 0) * request.Children.Count + request.Concerns.Sum(c => c.ChildIndexes.Count),
            facts.Children.Sum(c => c.Concerns.Count));
        // Names and numbers must not be a value on the bus (a school's name may contain a surname);
        // free text must not appear anywhere inside one.
        var travelling = StringValues(facts).ToList();
        foreach (var personal in PersonalData(request).Where(t => t.Length > 0))
            Assert.DoesNotContain(personal, travelling, StringComparer.OrdinalIgnoreCase);
        foreach (var text in FreeText(request).Where(t => t.Length > 0))
            Assert.DoesNotContain(travelling, value => value.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_concern_naming_some_children_applies_to_those_only_and_one_naming_none_to_all()
    {
        var request = new SubmitContactRequest
        {
            Children = { new Child(), new Child(), new Child() },
            Concerns =
            {
                new Concern { Category = ConcernCategory.DomesticAbuse },
                new Concern { Category = ConcernCategory.SelfHarm, ChildIndexes = { 2 } },
            },
        };

        var facts = ContactFactsBuilder.Build(request, [ChildHistory.New(Guid.NewGuid()), ChildHistory.New(Guid.NewGuid()), ChildHistory.New(Guid.NewGuid())], ReceivedAt);

        Assert.Equal([1, 1, 2], facts.Children.Select(c => c.Concerns.Count));
        Assert.Equal(ConcernCategory.SelfHarm, facts.Children[2].Concerns[1].Category);
    }

    [Fact]
    public void Ages_and_postcodes_are_computed_at_receipt()
    {
        var request = new SubmitContactRequest
        {
            Children = { new Child { DateOfBirth = new Date { Year = 2026, Month = 8, Day = 30 }, Address = new Address { Postcode = "ws2 8qt" } } },
            Household = { new Person { DateOfBirth = new Date { Year = 1990, Month = 1, Day = 1 }, Relationship = Relationship.Mother } },
        };

        var facts = ContactFactsBuilder.Build(request, [ChildHistory.New(Guid.NewGuid())], ReceivedAt);

        Assert.Equal((0, 2), (facts.Children[0].AgeYears, facts.Children[0].AgeMonths));
        Assert.Equal("WS2 8QT", facts.Children[0].Postcode);
        Assert.Equal(36, facts.Household[0].AgeYears);
    }

    [Fact]
    public void A_child_seen_before_carries_the_repeat_and_open_flags()
    {
        var request = new SubmitContactRequest { Children = { new Child() } };
        DateTimeOffset[] earlier = [ReceivedAt.AddMonths(-13), ReceivedAt.AddMonths(-2), ReceivedAt.AddDays(-1)];
        var history = new ChildHistory(Guid.NewGuid(), earlier, Pathway.ChildProtection)
        {
            DecidedContactsAt = earlier,
            OpenPathways = [Pathway.EarlyHelp, Pathway.ChildProtection],
            OnChildProtectionPlan = true,
        };

        var child = ContactFactsBuilder.Build(request, [history], ReceivedAt).Children[0];

        Assert.Equal((true, 2, true, Pathway.ChildProtection, true), (child.RepeatContact, child.ContactsInLast12Months, child.AlreadyOpen, child.OpenPathway, child.OnChildProtectionPlan));
        Assert.Equal([Pathway.EarlyHelp, Pathway.ChildProtection], child.OpenPathways);
    }

    [Fact]
    public void The_count_of_contacts_is_of_decided_incidents_not_of_every_report()
    {
        // Police at night and the school next morning about one incident; an undecided or
        // information-only contact a month ago (not among the decided ones).
        var night = ReceivedAt.AddMonths(-3);
        DateTimeOffset[] all = [night, night.AddHours(9), ReceivedAt.AddMonths(-1), ReceivedAt.AddMonths(-6)];
        var history = new ChildHistory(Guid.NewGuid(), all, Pathway.Unspecified) { DecidedContactsAt = [night, night.AddHours(9), ReceivedAt.AddMonths(-6)] };

        Assert.Equal(2, history.ContactsInLast12Months(ReceivedAt));
        Assert.True(history.IsRepeatContact(ReceivedAt));
        Assert.False(ChildStatusRules.CountsInHistory(ChildStatus.Withdrawn, NfaReason.Unspecified));
        Assert.False(ChildStatusRules.CountsInHistory(ChildStatus.Closed, NfaReason.InformationOnly));
        Assert.False(ChildStatusRules.CountsInHistory(ChildStatus.Triaged, NfaReason.Unspecified));
        Assert.True(ChildStatusRules.CountsInHistory(ChildStatus.Routed, NfaReason.AdviceAndSignposting));
    }

    [Fact]
    public void The_risk_facts_reach_the_rules_and_additions_only_raise_them()
    {
        var request = new SubmitContactRequest
        {
            Children = { new Child { ExploitationRisk = ExploitationRisk.Medium }, new Child() },
            Concerns = { new Concern { Category = ConcernCategory.DomesticAbuse } },
            DomesticAbuseRisk = DomesticAbuseRisk.High,
        };
        var merged = ContactAdditions.Merge(request, [
            new AddedInformation { DomesticAbuseRisk = DomesticAbuseRisk.Standard, PreviousChildrenRemoved = true,
                ChildRisks = { new ChildRisk { ChildIndex = 0, ExploitationRisk = ExploitationRisk.Low }, new ChildRisk { ChildIndex = 1, NotIndependentlyMobile = true, NowhereSafeToSleepTonight = true } } },
        ]);

        var facts = ContactFactsBuilder.Build(merged, [ChildHistory.New(Guid.NewGuid()), ChildHistory.New(Guid.NewGuid())], ReceivedAt);

        Assert.Equal((DomesticAbuseRisk.High, true, false), (facts.DomesticAbuseRisk, facts.PreviousChildrenRemoved, facts.CareProceedings));
        Assert.Equal(ExploitationRisk.Medium, facts.Children[0].ExploitationRisk);
        Assert.Equal((true, true), (facts.Children[1].NotIndependentlyMobile, facts.Children[1].NowhereSafeToSleepTonight));
    }

    static IEnumerable<string> PersonalData(SubmitContactRequest r) =>
        r.Children.SelectMany(c => new[] { c.GivenNames, c.FamilyName, c.NhsNumber }.Concat(c.Address?.Lines ?? []))
            .Concat(r.Household.SelectMany(p => new[] { p.GivenNames, p.FamilyName }))
            .Concat([r.Referrer?.Name ?? "", r.Referrer?.Phone ?? "", r.Referrer?.Email ?? ""]);

    static IEnumerable<string> FreeText(SubmitContactRequest r) => r.Concerns.Select(c => c.Detail).Append(r.Narrative);

    /// <summary>Every string in a message, however deeply nested: what would travel on the bus as text.</summary>
    static IEnumerable<string> StringValues(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            var values = field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<object>() : [value];
            foreach (var item in values)
            {
                if (item is string text) yield return text;
                else if (item is IMessage nested) foreach (var inner in StringValues(nested)) yield return inner;
            }
        }
    }
}
