using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Messaging;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Allocation.Tests.Messaging;

/// <summary>
/// Allocation's queue takes every routing to social care and every correction (which may change a
/// case a first routing opened), and no first routing elsewhere.
/// </summary>
public sealed class ChildRoutedBindingTests
{
    [Theory]
    [MemberData(nameof(RoutingCases.All), MemberType = typeof(RoutingCases))]
    public void The_binding_takes_routings_to_social_care_and_corrections(Pathway pathway, bool stepUp, bool correction)
    {
        var routed = RoutingCases.Routing(pathway, stepUp, correction);
        Assert.Equal(RoutingRules.Allocates(pathway) || correction,
            TopicPatterns.MatchesAny(new ChildRoutedConsumerDefinition().Patterns, EventRoutes.KeyOf(routed)));
    }

    [Theory]
    [InlineData(EpisodeOrigin.StepDown, true)]
    [InlineData(EpisodeOrigin.MashRouting, false)]
    [InlineData(EpisodeOrigin.Unspecified, false)]
    public void Only_episodes_a_step_down_asked_for_reach_allocation(EpisodeOrigin origin, bool bound) =>
        Assert.Equal(bound, TopicPatterns.MatchesAny(new EarlyHelpEpisodeOpenedConsumerDefinition().Patterns,
            EventRoutes.KeyOf(new EarlyHelpEpisodeOpened { Origin = origin })));
}
