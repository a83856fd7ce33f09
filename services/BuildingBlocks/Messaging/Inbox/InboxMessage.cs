namespace Mash.BuildingBlocks.Messaging.Inbox;

/// <summary>A message a consumer has already handled: its id and the consumer's name.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; init; }

    public required string Consumer { get; init; }

    public DateTimeOffset ProcessedAt { get; init; }
}
