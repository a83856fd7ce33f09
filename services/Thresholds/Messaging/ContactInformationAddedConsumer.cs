using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Facts;
using Mash.Thresholds.Triage;

namespace Mash.Thresholds.Messaging;

/// <summary>
/// Information was added to a contact: the event carries the whole contact's facts as they now stand,
/// so each child not yet routed is re-run on them (concerns learnt from checks are kept).
/// </summary>
public sealed class ContactInformationAddedConsumer(ThresholdsDbContext db, ChildTriage triage, ILogger<ContactInformationAddedConsumer> logger)
    : InboxConsumer<ContactInformationAdded, ThresholdsDbContext>(db)
{
    protected override async Task Handle(ContactInformationAdded message, CancellationToken cancellationToken)
    {
        var items = await Db.LockContactAsync(Guid.Parse(message.Header.ContactId), cancellationToken);
        var rerun = 0;
        foreach (var item in items)
        {
            if (ChildFactsMerge.Update(item.ContactFacts(), message.Facts, item.ChildId.ToString()) is not { } facts) continue;
            if (await triage.RerunAsync(item, facts, TriageTrigger.InformationAdded, message.InformationId, message.Header.EventId, cancellationToken)) rerun++;
        }
        logger.LogInformation("Information {InformationId} added to contact {ContactId}: {Rerun} of {ChildCount} children re-run",
            message.InformationId, message.Header.ContactId, rerun, items.Count);
    }
}
