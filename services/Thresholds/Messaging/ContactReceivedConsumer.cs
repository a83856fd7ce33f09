using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Triage;

namespace Mash.Thresholds.Messaging;

/// <summary>A contact arrived: each child is placed and triaged by the rules in force, and all are announced in one ContactTriaged.</summary>
public sealed class ContactReceivedConsumer(ThresholdsDbContext db, ChildTriage triage)
    : InboxConsumer<ContactReceived, ThresholdsDbContext>(db)
{
    protected override async Task Handle(ContactReceived message, CancellationToken cancellationToken)
    {
        var items = await Db.LockContactAsync(Guid.Parse(message.Header.ContactId), cancellationToken);
        triage.First(message, items.Select(i => i.ChildId).ToHashSet());
    }
}
