using Google.Protobuf;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;

namespace Mash.Thresholds.Messaging;

/// <summary>Puts each child of a received contact on the triage queue (one item per child).</summary>
public sealed class ContactReceivedConsumer(ThresholdsDbContext db, ILogger<ContactReceivedConsumer> logger)
    : InboxConsumer<ContactReceived, ThresholdsDbContext>(db)
{
    protected override Task Handle(ContactReceived message, CancellationToken cancellationToken)
    {
        var contactId = Guid.Parse(message.Header.ContactId);
        foreach (var child in message.Facts.Children)
        {
            var facts = message.Facts.Clone();
            facts.Children.Clear();
            facts.Children.Add(child);
            Db.TriageItems.Add(new TriageItem
            {
                ChildId = Guid.Parse(child.ChildId),
                ContactId = contactId,
                LocalAuthority = message.Header.LocalAuthority,
                ReceivedAt = message.Facts.ReceivedAt.ToDateTimeOffset(),
                Facts = facts.ToByteArray(),
            });
        }
        logger.LogInformation("Contact {ContactId}: {ChildCount} children queued for triage", contactId, message.Facts.Children.Count);
        return Task.CompletedTask;
    }
}
