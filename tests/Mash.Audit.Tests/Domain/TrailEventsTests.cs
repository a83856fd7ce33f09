using Mash.Audit.Domain.Trail;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public sealed class TrailEventsTests
{
    static EventHeader Header() => new() { EventId = Guid.NewGuid().ToString(), ContactId = "c-1", ChildId = "a" };

    [Fact]
    public void A_routing_with_its_decision_is_the_decision_then_the_routing_without_it_and_the_message_is_left_as_it_was()
    {
        var decision = new DecisionRecorded { Header = Header(), DecisionId = "d-1", Pathway = Pathway.ChildInNeed, Rationale = "Reasoning (fictional)." };
        var routed = new ChildRouted { Header = Header(), DecisionId = "d-1", Pathway = Pathway.ChildInNeed, Decision = decision };

        var events = TrailEvents.Of(routed);

        Assert.Equal(2, events.Count);
        Assert.Same(decision, events[0]);
        var alone = Assert.IsType<ChildRouted>(events[1]);
        Assert.Null(alone.Decision);
        Assert.Equal((routed.Header, "d-1", Pathway.ChildInNeed), (alone.Header, alone.DecisionId, alone.Pathway));
        Assert.NotNull(routed.Decision); // the consumed message is not changed
    }

    [Fact]
    public void A_contacts_first_triage_is_each_childs_triage_in_the_contacts_order_and_no_entry_of_its_own()
    {
        ChildTriaged Child(string id) => new() { Header = new EventHeader { EventId = Guid.NewGuid().ToString(), ContactId = "c-1", ChildId = id }, Evaluation = 1 };
        var (a, b) = (Child("a"), Child("b"));
        var triaged = new ContactTriaged { Header = Header(), Children = { a, b } };

        var events = TrailEvents.Of(triaged);

        Assert.Equal(2, events.Count);
        Assert.Same(a, events[0]);
        Assert.Same(b, events[1]);
    }

    [Fact]
    public void A_routing_without_a_decision_and_every_other_event_is_itself_alone()
    {
        var routed = new ChildRouted { Header = Header(), DecisionId = "d-1" };
        var decision = new DecisionRecorded { Header = Header(), DecisionId = "d-2" };

        Assert.Same(routed, Assert.Single(TrailEvents.Of(routed)));
        Assert.Same(decision, Assert.Single(TrailEvents.Of(decision)));
    }
}
