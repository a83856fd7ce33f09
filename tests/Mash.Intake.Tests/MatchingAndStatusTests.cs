using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// Each child is matched to earlier contacts, flagged as a repeat or already open, and its status
/// follows the events of the other services. Intake runs as a process on real servers; the test
/// plays the other services by publishing their events.
/// </summary>
public sealed class MatchingAndStatusTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static SubmitContactRequest ContactAbout(string nhsNumber, string familyName = "Matchtest", string postcode = "WS1 1TP")
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        contact.Children.RemoveAt(1);
        contact.Children[0].NhsNumber = nhsNumber;
        contact.Children[0].FamilyName = familyName;
        contact.Children[0].Address.Postcode = postcode;
        return contact;
    }

    async Task<ContactChild> ReadChildAsync(string contactId) =>
        (await host.Client.GetContactAsync(new GetContactRequest { ContactId = contactId }, cancellationToken: Cancel)).Contact.Children[0];

    [Fact]
    public async Task A_child_with_the_same_NHS_number_keeps_its_id_and_is_a_repeat_contact_with_its_history()
    {
        var first = await host.Client.SubmitContactAsync(ContactAbout("9434765919"), cancellationToken: Cancel);
        var second = await host.Client.SubmitContactAsync(ContactAbout("943 476 5919", familyName: "Renamed-After-Adoption"), cancellationToken: Cancel);

        Assert.Equal(first.Children[0].ChildId, second.Children[0].ChildId);
        var child = await ReadChildAsync(second.ContactId);
        Assert.True(child.RepeatContact);
        var earlier = Assert.Single(child.EarlierContacts);
        Assert.Equal(first.ContactId, earlier.ContactId);
        Assert.Equal([ConcernCategory.DomesticAbuse], earlier.ConcernCategories);
        Assert.False((await ReadChildAsync(first.ContactId)).RepeatContact);
    }

    [Fact]
    public async Task Without_an_NHS_number_the_child_is_matched_on_family_name_birth_date_and_postcode()
    {
        var first = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "O'Demographic", postcode: "WV4 5HR"), cancellationToken: Cancel);
        var same = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "odemographic", postcode: "wv45hr"), cancellationToken: Cancel);
        var other = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "O'Demographic", postcode: "WV4 5HS"), cancellationToken: Cancel);

        Assert.Equal(first.Children[0].ChildId, same.Children[0].ChildId);
        Assert.NotEqual(first.Children[0].ChildId, other.Children[0].ChildId);
        Assert.True((await ReadChildAsync(same.ContactId)).RepeatContact);
        Assert.False((await ReadChildAsync(other.ContactId)).RepeatContact);
    }

    [Fact]
    public async Task Status_follows_triage_and_routing_and_a_routed_child_is_already_open_on_its_next_contact()
    {
        var published = await host.CaptureAsync<ContactReceived>();
        var first = await host.Client.SubmitContactAsync(ContactAbout("9990000050", familyName: "Openfamily"), cancellationToken: Cancel);
        var childId = first.Children[0].ChildId;

        await host.PublishAsync(new ChildTriaged
        {
            Header = Header(first.ContactId, childId),
            Locality = "walsall-north",
            Recommendation = new Recommendation { Pathway = Pathway.EarlyHelp, Rag = Rag.Amber, Level = LevelOfNeed.EarlyHelp, DecisionDeadline = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)) },
        });
        await Eventually.Until(() => ReadChildAsync(first.ContactId), c => c.Status == ChildStatus.Triaged, "the child to be triaged");

        await host.PublishAsync(new ChildRouted { Header = Header(first.ContactId, childId), Pathway = Pathway.EarlyHelp, ReferrerFeedback = "Offered early help with consent." });
        var routed = await Eventually.Until(() => ReadChildAsync(first.ContactId), c => c.Status == ChildStatus.Routed, "the child to be routed");
        Assert.Equal((Pathway.EarlyHelp, "Offered early help with consent.", Rag.Amber), (routed.Pathway, routed.ReferrerFeedback, routed.Recommendation.Rag));

        // A late re-evaluation does not make the routed child look undecided.
        await host.PublishAsync(new ChildTriaged { Header = Header(first.ContactId, childId), Recommendation = new Recommendation { Rag = Rag.Green } });
        var second = await host.Client.SubmitContactAsync(ContactAbout("9990000050", familyName: "Openfamily"), cancellationToken: Cancel);

        Assert.Equal(ChildStatus.Routed, (await ReadChildAsync(first.ContactId)).Status);
        Assert.True((await ReadChildAsync(second.ContactId)).AlreadyOpen);
        var facts = (await Eventually.Until(() => host.DrainAsync<ContactReceived>(published), m => m.Any(e => e.Header.ContactId == second.ContactId), "ContactReceived of the second contact"))
            .Single(e => e.Header.ContactId == second.ContactId).Facts.Children[0];
        Assert.Equal((true, Pathway.EarlyHelp, true, 1), (facts.AlreadyOpen, facts.OpenPathway, facts.RepeatContact, facts.ContactsInLast12Months));

        await host.PublishAsync(new EpisodeClosed { Header = Header(first.ContactId, ""), ChildIds = { childId }, Outcome = EpisodeOutcome.NeedsMet });
        await Eventually.Until(() => ReadChildAsync(first.ContactId), c => c.Status == ChildStatus.Closed, "the episode's closure to reach the child");
        var third = await host.Client.SubmitContactAsync(ContactAbout("9990000050", familyName: "Openfamily"), cancellationToken: Cancel);
        Assert.False((await ReadChildAsync(third.ContactId)).AlreadyOpen);
    }

    [Fact]
    public async Task A_contacts_first_triage_in_one_message_sets_each_childs_own_recommendation_deadline_and_locality()
    {
        var submitted = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        Assert.True(submitted.Children.Count >= 2);
        var due = DateTime.UtcNow.AddHours(6);
        ChildTriaged Triage(int index) => new()
        {
            Header = Header(submitted.ContactId, submitted.Children[index].ChildId), Evaluation = 1, Locality = index == 0 ? "walsall-north" : "walsall-south",
            Recommendation = new Recommendation
            {
                RecommendationId = Guid.NewGuid().ToString(), Pathway = index == 0 ? Pathway.ChildProtection : Pathway.EarlyHelp,
                Rag = index == 0 ? Rag.Red : Rag.Green, DecisionDeadline = index == 0 ? Timestamp.FromDateTime(due) : null,
            },
        };
        var triaged = new ContactTriaged { Header = Header(submitted.ContactId, ""), Children = { submitted.Children.Select((_, i) => Triage(i)) } };

        await host.PublishAsync(triaged);

        var children = (await Eventually.Until(() => host.Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel).ResponseAsync,
            r => r.Contact.Children.All(c => c.Status == ChildStatus.Triaged), "every child triaged")).Contact.Children;
        foreach (var (child, sent) in children.Zip(triaged.Children))
        {
            Assert.Equal(sent.Header.ChildId, child.Child.ChildId);
            Assert.Equal((sent.Recommendation, sent.Locality), (child.Recommendation, child.Locality));
        }
        // The deadline the queue orders by: the first child's as sent, none for the other.
        var contactId = Guid.Parse(submitted.ContactId);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contact_children WHERE contact_id = $1 AND child_index = 0 AND abs(extract(epoch FROM decision_deadline - $2)) < 0.001", contactId, due));
        Assert.Equal(submitted.Children.Count - 1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contact_children WHERE contact_id = $1 AND decision_deadline IS NULL", contactId));
    }

    [Fact]
    public async Task A_child_on_a_plan_stays_open_to_child_protection_when_a_later_early_help_episode_ends()
    {
        var published = await host.CaptureAsync<ContactReceived>();
        var first = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "Planfamily"), cancellationToken: Cancel);
        var childId = first.Children[0].ChildId;
        await host.PublishAsync(new ChildRouted { Header = Header(first.ContactId, childId), Pathway = Pathway.ChildProtection });
        await Eventually.Until(() => ReadChildAsync(first.ContactId), c => c.Status == ChildStatus.Routed, "the child to be routed to CP");
        var conference = Header(first.ContactId, childId);
        await host.PublishAsync(new InitialConferenceRecorded { Header = conference, Outcome = ConferenceOutcome.ChildProtectionPlan });
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1", Guid.Parse(conference.EventId)),
            n => n == 1, "the conference handled");
        var second = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "Planfamily"), cancellationToken: Cancel);
        Assert.Equal(childId, second.Children[0].ChildId);
        await host.PublishAsync(new ChildRouted { Header = Header(second.ContactId, childId), Pathway = Pathway.EarlyHelp });
        await Eventually.Until(() => ReadChildAsync(second.ContactId), c => c.Status == ChildStatus.Routed, "the later contact to be routed to early help");
        var episodeEnd = Header(second.ContactId, "");
        await host.PublishAsync(new EpisodeClosed { Header = episodeEnd, ChildIds = { childId }, Outcome = EpisodeOutcome.NeedsMet });
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1", Guid.Parse(episodeEnd.EventId)),
            n => n == 1, "the episode's end handled");

        var third = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "Planfamily"), cancellationToken: Cancel);
        var facts = (await Eventually.Until(() => host.DrainAsync<ContactReceived>(published), m => m.Any(e => e.Header.ContactId == third.ContactId), "ContactReceived of the third contact"))
            .Single(e => e.Header.ContactId == third.ContactId).Facts.Children[0];
        Assert.Equal((true, Pathway.ChildProtection, true), (facts.AlreadyOpen, facts.OpenPathway, facts.OnChildProtectionPlan));
        Assert.Equal([Pathway.ChildProtection], facts.OpenPathways);
        Assert.Equal((ChildStatus.Routed, ChildStatus.Closed), ((await ReadChildAsync(first.ContactId)).Status, (await ReadChildAsync(second.ContactId)).Status));
    }

    [Theory]
    [InlineData("strategy-nfa", true)]
    [InlineData("strategy-s47", false)]
    [InlineData("step-down", true)]
    [InlineData("assessment-closed", true)]
    [InlineData("assessment-cin-plan", false)]
    public async Task A_social_care_case_that_ends_closes_the_child_and_one_that_goes_on_keeps_it_open(string ending, bool closes)
    {
        var family = "Socialcare" + new string(ending.Where(char.IsLetter).ToArray());
        var first = await host.Client.SubmitContactAsync(ContactAbout("", familyName: family), cancellationToken: Cancel);
        var childId = first.Children[0].ChildId;
        await host.PublishAsync(new ChildRouted { Header = Header(first.ContactId, childId), Pathway = Pathway.ChildProtection });
        await Eventually.Until(() => ReadChildAsync(first.ContactId), c => c.Status == ChildStatus.Routed, "the child to be routed");

        var allocationId = Guid.NewGuid().ToString();
        var header = Header(first.ContactId, childId);
        await host.PublishAsync(ending switch
        {
            "strategy-nfa" => new StrategyDiscussionRecorded { Header = header, AllocationId = allocationId, Outcome = StrategyOutcome.NoFurtherAction },
            "strategy-s47" => new StrategyDiscussionRecorded { Header = header, AllocationId = allocationId, Outcome = StrategyOutcome.Section47Enquiry },
            "step-down" => new StepDownRequested { Header = header, AllocationId = allocationId, Reason = "Needs can be met by early help." },
            "assessment-closed" => new AssessmentCompleted { Header = header, AllocationId = allocationId, Outcome = AssessmentOutcome.Close },
            _ => (Google.Protobuf.IMessage)new AssessmentCompleted { Header = header, AllocationId = allocationId, Outcome = AssessmentOutcome.ChildInNeedPlan },
        });
        // Handled (the inbox holds its event id) before the outcome is read, whichever way it went.
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1", Guid.Parse(header.EventId)),
            n => n == 1, "the ending handled");

        var next = await host.Client.SubmitContactAsync(ContactAbout("", familyName: family), cancellationToken: Cancel);
        Assert.Equal((closes ? ChildStatus.Closed : ChildStatus.Routed, !closes), ((await ReadChildAsync(first.ContactId)).Status, (await ReadChildAsync(next.ContactId)).AlreadyOpen));
    }

    [Fact]
    public async Task An_early_help_episode_a_step_down_opened_leaves_the_child_open_to_early_help_once()
    {
        var first = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "Episodefamily"), cancellationToken: Cancel);
        var childId = first.Children[0].ChildId;
        var opened = Header(first.ContactId, "");
        // The child named twice, beside an id intake could not hold: one opening, nothing else.
        await host.PublishAsync(new EarlyHelpEpisodeOpened
        {
            Header = opened, EpisodeId = Guid.NewGuid().ToString(), Origin = EpisodeOrigin.StepDown, ChildIds = { childId, childId, "not-a-child-id" },
        });
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1", Guid.Parse(opened.EventId)),
            n => n == 1, "the opening handled");

        var next = await host.Client.SubmitContactAsync(ContactAbout("", familyName: "Episodefamily"), cancellationToken: Cancel);
        Assert.True((await ReadChildAsync(next.ContactId)).AlreadyOpen);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM child_openings WHERE child_id = $1 AND pathway = $2 AND NOT on_child_protection_plan",
            Guid.Parse(childId), (int)Pathway.EarlyHelp));
    }

    [Fact]
    public async Task Triage_and_routing_consumed_at_the_same_moment_leave_the_child_routed()
    {
        // A backlog (after a crash or a broker restart) delivers a child's triage and its routing together;
        // their consumers run at once on different queues. Many children make the race likely.
        var contacts = new List<SubmitContactResponse>();
        for (var i = 0; i < 12; i++)
            contacts.Add(await host.Client.SubmitContactAsync(ContactAbout("", familyName: $"Racefamily{(char)('a' + i)}"), cancellationToken: Cancel));
        await Task.WhenAll(contacts.SelectMany(c => new[]
        {
            host.PublishAsync(new ChildTriaged { Header = Header(c.ContactId, c.Children[0].ChildId), Recommendation = new Recommendation { Pathway = Pathway.ChildInNeed, Rag = Rag.Amber } }),
            host.PublishAsync(new ChildRouted { Header = Header(c.ContactId, c.Children[0].ChildId), Pathway = Pathway.ChildInNeed }),
        }));

        foreach (var contact in contacts)
        {
            var child = await Eventually.Until(() => ReadChildAsync(contact.ContactId), c => c.Recommendation is not null && c.Pathway == Pathway.ChildInNeed,
                "both events to reach the child");
            Assert.Equal(ChildStatus.Routed, child.Status);
        }
    }

    static EventHeader Header(string contactId, string childId) => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = "walsall",
        Actor = new Actor { Subject = "screener-1", Role = Role.Screener },
    };
}
