using Google.Protobuf;
using Mash.Audit.Domain.Trail;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Xunit;

namespace Mash.Audit.Tests.Domain;

/// <summary>Which children each event's trail entry concerns, the rule set it names, and its readable line.</summary>
public sealed class TrailSubjectsTests
{
    static EventHeader Header(string childId = "") => new()
    {
        EventId = Guid.NewGuid().ToString(), ContactId = "contact-1", ChildId = childId, LocalAuthority = "walsall",
        Actor = new Actor { Subject = "s-123", Role = Role.Screener, LocalAuthority = "walsall" },
    };

    static ContactFacts Facts(params string[] children) => new() { ReferrerAgency = "wmp", ReferralSource = ReferralSource.Police, Children = { children.Select(c => new ChildFacts { ChildId = c }) } };

    static RuleSetRef RuleSet => new() { RuleSetId = "walsall-levels-of-need", Version = 2, ContentHash = "f00d" };

    /// <summary>Every event type, filled as its producer fills it, with the children its entry must name.</summary>
    public static TheoryData<string, IEvent, string[]> Events => new()
    {
        { "ContactReceived", new ContactReceived { Header = Header(), Facts = Facts("a", "b") }, ["a", "b"] },
        { "ContactInformationAdded", new ContactInformationAdded { Header = Header(), InformationId = "i-1", Facts = Facts("a", "b") }, ["a", "b"] },
        { "ContactWithdrawn", new ContactWithdrawn { Header = Header(), ChildIds = { "a", "b" }, Reason = "Sent in error" }, ["a", "b"] },
        { "AgencyChecksRequested", new AgencyChecksRequested { Header = Header(), ChildIds = { "a" }, Checks = { new AgencyCheckRef { CheckId = "k-1", Agency = "wmp", AgencyKind = AgencyKind.Police } } }, ["a"] },
        { "AgencyCheckCompleted", new AgencyCheckCompleted { Header = Header(), CheckId = "k-1", ChildIds = { "a", "b" }, Finding = CheckFinding.Known }, ["a", "b"] },
        { "RecordViewed", new RecordViewed { Header = Header("a"), ChildIds = { "a" }, Method = "mash.intake.v1.IntakeService/GetContact" }, ["a"] },
        { "ContactTriaged", new ContactTriaged { Header = Header(), Children = { new ChildTriaged { Header = Header("a") }, new ChildTriaged { Header = Header("b") } } }, ["a", "b"] },
        { "ChildTriaged", new ChildTriaged { Header = Header("a"), Recommendation = new Recommendation { RuleSet = RuleSet, Pathway = Pathway.EarlyHelp } }, ["a"] },
        { "DecisionRecorded", new DecisionRecorded { Header = Header("a"), DecisionId = "d-1", Stage = DecisionStage.Final, Pathway = Pathway.EarlyHelp, RuleSet = RuleSet, Rationale = "Mother Jane Example said" }, ["a"] },
        { "DecisionCountersigned", new DecisionCountersigned { Header = Header("a"), DecisionId = "d-1", Approved = true, Comment = "Agreed with Jane" }, ["a"] },
        { "ChildRouted", new ChildRouted { Header = Header("a"), DecisionId = "d-1", Pathway = Pathway.ChildInNeed, RuleSet = RuleSet, SiblingChildIds = { "b" }, Postcode = "WS1 1TP" }, ["a"] },
        { "EarlyHelpEpisodeOpened", new EarlyHelpEpisodeOpened { Header = Header(), EpisodeId = "e-1", ChildIds = { "a", "b" } }, ["a", "b"] },
        { "EarlyHelpConsentRecorded", new EarlyHelpConsentRecorded { Header = Header(), EpisodeId = "e-1", ChildIds = { "a" } }, ["a"] },
        { "LeadProfessionalAllocated", new LeadProfessionalAllocated { Header = Header(), EpisodeId = "e-1", ChildIds = { "a", "b" }, LeadProfessionalId = "lp-1", Reason = "Knows the family" }, ["a", "b"] },
        { "EarlyHelpAssessmentRecorded", new EarlyHelpAssessmentRecorded { Header = Header(), EpisodeId = "e-1", AssessmentId = "x-1", ChildIds = { "b" } }, ["b"] },
        { "StepUpRequested", new StepUpRequested { Header = Header(), EpisodeId = "e-1", ChildIds = { "a" }, NewContactId = "contact-2", Reason = "Dad moved back" }, ["a"] },
        { "EpisodeClosed", new EpisodeClosed { Header = Header(), EpisodeId = "e-1", ChildIds = { "a", "b" } }, ["a", "b"] },
        { "CaseAllocated", new CaseAllocated { Header = Header("a"), AllocationId = "al-1", TeamId = "t-1", WorkerId = "w-1" }, ["a"] },
        { "AllocationQueued", new AllocationQueued { Header = Header("a"), AllocationId = "al-1" }, ["a"] },
        { "StepDownRequested", new StepDownRequested { Header = Header("a"), AllocationId = "al-1", Reason = "Needs met", Postcode = "WS1 1TP" }, ["a"] },
        { "StrategyDiscussionRecorded", new StrategyDiscussionRecorded { Header = Header("a"), AllocationId = "al-1" }, ["a"] },
        { "InitialConferenceRecorded", new InitialConferenceRecorded { Header = Header("a"), AllocationId = "al-1" }, ["a"] },
        { "ChildSeenRecorded", new ChildSeenRecorded { Header = Header("a"), AllocationId = "al-1" }, ["a"] },
        { "AssessmentCompleted", new AssessmentCompleted { Header = Header("a"), AllocationId = "al-1" }, ["a"] },
        { "CaseCorrected", new CaseCorrected { Header = Header("a"), AllocationId = "al-1", DecisionId = "d-2", Pathway = Pathway.EarlyHelp, Closed = true }, ["a"] },
        { "ClockAtRisk", new ClockAtRisk { Header = Header("a"), Clock = new ClockDetails { ClockId = "c-1", Kind = ClockKind.ChildSeen } }, ["a"] },
        { "ClockBreached", new ClockBreached { Header = Header(), Clock = new ClockDetails { ClockId = "c-2", Kind = ClockKind.AgencyCheckAnswered } }, [] },
        { "ClockMissReasonRecorded", new ClockMissReasonRecorded { Header = Header("a"), Clock = new ClockDetails { ClockId = "c-3", Kind = ClockKind.ChildSeen },
            Reason = MissReason.ChildNotFound, Note = "Family away at the visit" }, ["a"] },
    };

    [Fact]
    public void The_table_covers_every_event_of_the_contract()
    {
        Assert.Equal(MessagingExtensions.EventTypes.ClrTypes.Select(t => t.Name).Order(), Events.Select(row => row.Data.Item1).Order());
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_entry_names_the_children_the_event_is_about(string type, IEvent @event, string[] children)
    {
        Assert.Equal(type, ((IMessage)@event).Descriptor.Name);
        Assert.Equal(children, TrailSubjects.ChildIds(@event));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_event_type_has_a_line_of_its_own_with_ids_and_codes_only(string type, IEvent @event, string[] children)
    {
        _ = (type, children);
        var line = TrailSummary.OwnLine(@event);
        Assert.NotNull(line);
        Assert.Equal(line, TrailSummary.Describe(@event));
        // Free text (rationales, reasons, comments) and postcodes stay in the event bytes.
        foreach (var text in new[] { "Jane", "Dad", "Knows the family", "Sent in error", "Needs met", "WS1", "Family away" })
            Assert.DoesNotContain(text, line);
    }

    [Fact]
    public void Lines_say_who_did_what_with_codes()
    {
        Assert.Equal("Routed to child in need by decision d-1, level 0, unspecified by screener s-123",
            TrailSummary.Describe(new ChildRouted { Header = Header("a"), DecisionId = "d-1", Pathway = Pathway.ChildInNeed }));
        Assert.Equal("Contact received from wmp (police) about 2 child(ren); immediate risk reported by screener s-123",
            TrailSummary.Describe(new ContactReceived { Header = Header(), Facts = Facts("a", "b").Also(f => f.ImmediateRisk = true) }));
        Assert.Equal("Final decision d-1: no further action (information only), green; overrides the recommendation (rationale recorded) by screener s-123",
            TrailSummary.Describe(new DecisionRecorded { Header = Header("a"), DecisionId = "d-1", Stage = DecisionStage.Final, Pathway = Pathway.NoFurtherAction,
                NfaReason = NfaReason.InformationOnly, Rag = Rag.Green, OverridesRecommendation = true, Rationale = "Jane" }));
    }

    [Fact]
    public void Triage_decisions_and_routing_carry_their_rule_set_and_nothing_else_does()
    {
        foreach (var row in Events)
        {
            var @event = row.Data.Item2;
            var expected = @event is ChildTriaged or DecisionRecorded or ChildRouted ? RuleSet : null;
            Assert.Equal(expected, TrailSubjects.RuleSet(@event));
        }
    }
}

static class Fluent
{
    public static T Also<T>(this T value, Action<T> change) { change(value); return value; }
}
