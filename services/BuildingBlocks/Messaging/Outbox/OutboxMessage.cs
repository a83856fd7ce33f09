namespace Mash.BuildingBlocks.Messaging.Outbox;

/// <summary>
/// An event waiting to be published, written in the same transaction as the change that raised
/// it. The body is the protobuf bytes (bytea: a binary body in a text column would be corrupted).
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The event id; it becomes the bus MessageId, so consumers' inboxes can drop re-sends.</summary>
    public Guid Id { get; init; }

    /// <summary>Insertion order, so events leave roughly in the order they were raised.</summary>
    public long Sequence { get; init; }

    /// <summary>Protobuf full name, e.g. mash.events.v1.ContactReceived.</summary>
    public required string MessageType { get; init; }

    public required byte[] Body { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Rounds that found the row unreadable (its type unknown, its body not parsing); see OutboxOptions.MaxAttempts.</summary>
    public int Attempts { get; init; }
}
