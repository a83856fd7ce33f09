using Mash.Contracts.Events.V1;

namespace Mash.Audit.Domain.Trail;

/// <summary>The events one message brings to the trail, each its own entry, in the order they happened.</summary>
public static class TrailEvents
{
    /// <summary>
    /// Thresholds sends some events that happen together as one message. Each is still its own entry,
    /// exactly as when it came alone, so a child's trail, its hashes and what each entry stores read
    /// the same either way:
    /// a contact's first triage is each child's ChildTriaged, in the contact's order (the
    /// ContactTriaged around them is no entry of its own: it says nothing they do not);
    /// a routing that carries the decision recorded with it is the decision, then the routing without
    /// it (the decision's rationale is stored once). Every other message is one entry.
    /// </summary>
    public static IReadOnlyList<IEvent> Of(IEvent message)
    {
        switch (message)
        {
            case ContactTriaged triaged:
                return [.. triaged.Children];
            case ChildRouted { Decision: { } decision } routed:
                var alone = routed.Clone();
                alone.Decision = null;
                return [decision, alone];
            default:
                return [message];
        }
    }
}
