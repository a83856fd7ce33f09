using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

public sealed class EventRoutesTests
{
    [Fact]
    public void A_routing_is_keyed_by_pathway_step_up_and_correction()
    {
        Assert.Equal("ChildInNeed.plain.first", EventRoutes.KeyOf(new ChildRouted { Pathway = Pathway.ChildInNeed }));
        Assert.Equal("EarlyHelp.stepup.correction", EventRoutes.KeyOf(new ChildRouted
        {
            Pathway = Pathway.EarlyHelp, StepUpEpisodeId = Guid.NewGuid().ToString(), SupersedesDecisionId = Guid.NewGuid().ToString(),
        }));
    }

    [Fact]
    public void A_decision_is_keyed_by_whether_it_waits_and_its_pathway()
    {
        Assert.Equal("awaiting.NoFurtherAction", EventRoutes.KeyOf(new DecisionRecorded { AwaitingCountersignature = true, Pathway = Pathway.NoFurtherAction }));
        Assert.Equal("in-effect.Unspecified", EventRoutes.KeyOf(new DecisionRecorded()));
    }

    [Fact]
    public void An_episode_is_keyed_by_its_origin()
    {
        Assert.Equal("StepDown", EventRoutes.KeyOf(new EarlyHelpEpisodeOpened { Origin = EpisodeOrigin.StepDown }));
    }

    [Fact]
    public void Keyed_events_have_a_topic_exchange_of_their_own_and_the_rest_keep_theirs()
    {
        Assert.Equal("Mash.Contracts.Events.V1:ChildRouted.topic", EventRoutes.Exchange(typeof(ChildRouted)));
        Assert.Equal("topic", EventRoutes.ExchangeType(typeof(ChildRouted)));
        Assert.Equal("Mash.Contracts.Events.V1:ContactReceived", EventRoutes.Exchange(typeof(ContactReceived)));
        Assert.Equal("fanout", EventRoutes.ExchangeType(typeof(ContactReceived)));
        Assert.Equal("", EventRoutes.KeyOf(new ContactReceived()));
        Assert.All(EventRoutes.Keyed, type => Assert.Contains(type, MessagingExtensions.EventTypes.ClrTypes));
    }

    [Theory]
    [InlineData("#", "ChildInNeed.plain.first", true)]
    [InlineData("ChildInNeed.#", "ChildInNeed.plain.first", true)]
    [InlineData("ChildInNeed.#", "ChildProtection.plain.first", false)]
    [InlineData("*.stepup.*", "EarlyHelp.stepup.first", true)]
    [InlineData("*.stepup.*", "EarlyHelp.plain.first", false)]
    [InlineData("*.*.correction", "NoFurtherAction.plain.correction", true)]
    [InlineData("awaiting.*", "awaiting.NoFurtherAction", true)]
    [InlineData("awaiting.*", "in-effect.NoFurtherAction", false)]
    [InlineData("StepDown", "MashRouting", false)]
    public void Topic_patterns_match_as_RabbitMQ_matches_them(string pattern, string key, bool matches) =>
        Assert.Equal(matches, TopicPatterns.Matches(pattern, key));
}
