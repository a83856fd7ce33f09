using Google.Protobuf;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.BuildingBlocks.Messaging.Routing;

/// <summary>
/// Where each event goes on the broker. Most events go to a fanout exchange and every queue bound
/// to it gets a copy. An event that some of its consumers act on only in part (every routing
/// reached allocation and early help, every decision reached intake) goes to a topic exchange
/// instead, with a routing key made from the event alone, and each such consumer binds only the
/// keys it acts on: the broker drops the rest before any delivery (issue 18's "send each service
/// only what it acts on"). The keys are words of the event, so the bindings read as the rule.
/// <para>
/// A keyed event's exchange has its own name (<see cref="TopicSuffix"/>): a broker that already
/// holds the event's fanout exchange keeps it, with its bindings, and copies an older publisher
/// still sends there during an upgrade reach their queues as before.
/// </para>
/// </summary>
public static class EventRoutes
{
    public const string TopicSuffix = ".topic";

    /// <summary>The binding that takes every copy of a keyed event.</summary>
    public const string All = "#";

    static readonly Dictionary<Type, Func<IMessage, string>> Keys = new()
    {
        [typeof(ChildRouted)] = m => Routed.Key((ChildRouted)m),
        [typeof(DecisionRecorded)] = m => Decisions.Key((DecisionRecorded)m),
        [typeof(EarlyHelpEpisodeOpened)] = m => EpisodesOpened.Key((EarlyHelpEpisodeOpened)m),
    };

    /// <summary>The events that travel with a routing key on a topic exchange.</summary>
    public static IReadOnlyCollection<Type> Keyed => Keys.Keys;

    public static bool IsKeyed(Type eventType) => Keys.ContainsKey(eventType);

    /// <summary>The exchange an event of <paramref name="eventType"/> is published to (MassTransit's name for the type, and the suffix when keyed).</summary>
    public static string Exchange(Type eventType) => $"{eventType.Namespace}:{eventType.Name}{(IsKeyed(eventType) ? TopicSuffix : "")}";

    /// <summary>"topic" for a keyed event, "fanout" for the rest (RabbitMQ's exchange types).</summary>
    public static string ExchangeType(Type eventType) => IsKeyed(eventType) ? "topic" : "fanout";

    /// <summary>The routing key the event is published with; empty for an event that is not keyed.</summary>
    public static string KeyOf(IMessage message) => Keys.TryGetValue(message.GetType(), out var key) ? key(message) : "";

    /// <summary>ChildRouted: <c>pathway.stepup|plain.correction|first</c>, e.g. <c>ChildInNeed.plain.first</c>.</summary>
    public static class Routed
    {
        public static string Key(ChildRouted routed) =>
            $"{routed.Pathway}.{(routed.StepUpEpisodeId.Length > 0 ? "stepup" : "plain")}.{(routed.SupersedesDecisionId.Length > 0 ? "correction" : "first")}";

        /// <summary>Every routing to <paramref name="pathway"/>.</summary>
        public static string To(Pathway pathway) => $"{pathway}.#";

        /// <summary>Every decision on a step-up contact from early help.</summary>
        public const string StepUps = "*.stepup.*";

        /// <summary>Every routing that corrects an earlier decision about the child.</summary>
        public const string Corrections = "*.*.correction";
    }

    /// <summary>DecisionRecorded: <c>awaiting|in-effect.pathway</c>, e.g. <c>awaiting.NoFurtherAction</c>.</summary>
    public static class Decisions
    {
        public static string Key(DecisionRecorded decision) =>
            $"{(decision.AwaitingCountersignature ? "awaiting" : "in-effect")}.{decision.Pathway}";

        /// <summary>Every decision that waits for a manager's countersignature.</summary>
        public const string AwaitingCountersignature = "awaiting.*";

        /// <summary>Every decision without a pathway (an initial decision asking for checks).</summary>
        public static readonly string WithoutPathway = $"*.{Pathway.Unspecified}";
    }

    /// <summary>EarlyHelpEpisodeOpened: the episode's origin, e.g. <c>StepDown</c>.</summary>
    public static class EpisodesOpened
    {
        public static string Key(EarlyHelpEpisodeOpened opened) => opened.Origin.ToString();

        public static string From(EpisodeOrigin origin) => origin.ToString();
    }
}
