using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Common.V1;
using Mash.EarlyHelp.Messaging;
using Mash.Testing;
using Xunit;

namespace Mash.EarlyHelp.Tests.Messaging;

/// <summary>Early help's queue is bound to exactly the routings its consumer acts on: none lost, none sent for nothing.</summary>
public sealed class ChildRoutedBindingTests
{
    [Theory]
    [MemberData(nameof(RoutingCases.All), MemberType = typeof(RoutingCases))]
    public void The_binding_takes_a_routing_exactly_when_the_consumer_acts_on_it(Pathway pathway, bool stepUp, bool correction)
    {
        var routed = RoutingCases.Routing(pathway, stepUp, correction);
        Assert.Equal(ChildRoutedConsumer.ActsOn(routed), TopicPatterns.MatchesAny(new ChildRoutedConsumerDefinition().Patterns, EventRoutes.KeyOf(routed)));
    }
}
