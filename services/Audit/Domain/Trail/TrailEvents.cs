using Mash.Contracts.Events.V1;

namespace Mash.Audit.Domain.Trail;

/// <summary>The events one message brings to the trail, each its own entry, in the order they happened.</summary>
public static class TrailEvents
{
    /// <summary>
    /// A routing that carries the decision recorded with it (thresholds sends the two as one message)
    /// is two entries, the decision first and the routing after it without the decision, exactly as
    /// when they came as two messages: a child's trail reads the same either way, and the decision's
    /// rationale is stored once. Every other message is one entry.
    /// </summary>
    public static IReadOnlyList<IEvent> Of(IEvent message)
    {
        if (message is not ChildRouted { Decision: { } decision } routed) return [message];
        var alone = routed.Clone();
        alone.Decision = null;
        return [decision, alone];
    }
}
