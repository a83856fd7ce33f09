using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;

namespace Mash.Thresholds.Messaging;

/// <summary>The referrer withdrew the contact: its children take no more decisions.</summary>
public sealed class ContactWithdrawnConsumer(ThresholdsDbContext db, ILogger<ContactWithdrawnConsumer> logger)
    : InboxConsumer<ContactWithdrawn, ThresholdsDbContext>(db)
{
    protected override async Task Handle(ContactWithdrawn message, CancellationToken cancellationToken)
    {
        var items = await Db.LockContactAsync(Guid.Parse(message.Header.ContactId), cancellationToken);
        // An empty list means every child of the contact.
        var named = message.ChildIds.ToHashSet();
        foreach (var item in items.Where(i => named.Count == 0 || named.Contains(i.ChildId.ToString())))
        {
            item.Withdrawn = true;
            if (item.Status != (int)ChildStatus.Routed) item.Status = (int)ChildStatus.Withdrawn;
        }
        logger.LogInformation("Contact {ContactId} withdrawn: {ChildCount} children marked", message.Header.ContactId, items.Count);
    }
}
