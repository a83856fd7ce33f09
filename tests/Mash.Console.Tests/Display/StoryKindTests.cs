using Mash.Console.Display;
using Xunit;

namespace Mash.Console.Tests.Display;

public sealed class StoryKindTests
{
    /// <summary>Messages of events.proto that are parts of events, not events on the trail.</summary>
    static readonly string[] Parts = ["EventHeader", "AgencyCheckRef", "ClockDetails"];

    [Fact]
    public void Every_event_of_the_contract_has_its_place_in_a_childs_story()
    {
        var events = Mash.Contracts.Events.V1.EventsReflection.Descriptor.MessageTypes.Where(m => !Parts.Contains(m.Name)).ToList();
        Assert.True(events.Count > 20);
        Assert.All(events, e => Assert.NotEqual(StoryKind.Other, StoryKinds.Of(e.FullName)));
    }

    [Theory]
    [InlineData("mash.events.v1.ContactReceived", StoryKind.Contact)]
    [InlineData("mash.events.v1.ChildTriaged", StoryKind.Recommendation)]
    [InlineData("mash.events.v1.ChildRouted", StoryKind.Routing)]
    [InlineData("mash.events.v1.ChildSeenRecorded", StoryKind.Case)]
    [InlineData("mash.events.v1.RecordViewed", StoryKind.Read)]
    [InlineData("mash.events.v2.SomethingNew", StoryKind.Other)]
    public void An_event_is_told_as_its_kind(string eventType, StoryKind kind) => Assert.Equal(kind, StoryKinds.Of(eventType));
}
