using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Intake.Messaging;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Intake's queues of keyed events are bound to exactly what its consumers act on; every routing reaches it.</summary>
public sealed class DecisionBindingTests
{
    public static TheoryData<Pathway, bool> Decisions()
    {
        var data = new TheoryData<Pathway, bool>();
        foreach (var pathway in Enum.GetValues<Pathway>())
            foreach (var awaiting in new[] { false, true })
                data.Add(pathway, awaiting);
        return data;
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void The_binding_takes_a_decision_exactly_when_the_consumer_acts_on_it(Pathway pathway, bool awaiting)
    {
        var decision = new DecisionRecorded { Pathway = pathway, AwaitingCountersignature = awaiting };
        Assert.Equal(DecisionRecordedConsumer.ActsOn(decision), TopicPatterns.MatchesAny(new DecisionRecordedConsumerDefinition().Patterns, EventRoutes.KeyOf(decision)));
    }

    [Fact]
    public void Every_routing_reaches_intake()
    {
        Assert.Equal([EventRoutes.All], new ChildRoutedConsumerDefinition().Patterns);
    }

    [Theory]
    [InlineData(EpisodeOrigin.StepDown)]
    [InlineData(EpisodeOrigin.MashRouting)]
    [InlineData(EpisodeOrigin.Unspecified)]
    public void The_binding_takes_an_episode_exactly_when_the_consumer_acts_on_it(EpisodeOrigin origin)
    {
        var opened = new EarlyHelpEpisodeOpened { Origin = origin, ChildIds = { Guid.NewGuid().ToString() } };
        Assert.Equal(EarlyHelpEpisodeOpenedConsumer.ActsOn(opened), TopicPatterns.MatchesAny(new EarlyHelpEpisodeOpenedConsumerDefinition().Patterns, EventRoutes.KeyOf(opened)));
    }
}
