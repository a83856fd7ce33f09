using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Facts;
using Mash.Thresholds.Triage;

namespace Mash.Thresholds.Messaging;

/// <summary>
/// An agency answered a check: its indicators join the checked children's concerns and the pinned
/// rules run again for each child not yet routed (which can raise the recommendation).
/// </summary>
public sealed class AgencyCheckCompletedConsumer(ThresholdsDbContext db, ChildTriage triage, ILogger<AgencyCheckCompletedConsumer> logger)
    : InboxConsumer<AgencyCheckCompleted, ThresholdsDbContext>(db)
{
    protected override async Task Handle(AgencyCheckCompleted message, CancellationToken cancellationToken)
    {
        var items = await Db.LockContactAsync(Guid.Parse(message.Header.ContactId), cancellationToken);
        var rerun = 0;
        foreach (var childId in message.ChildIds)
        {
            if (items.FirstOrDefault(i => i.ChildId.ToString() == childId) is not { } item)
            {
                logger.LogWarning("Agency check {CheckId} names child {ChildId}, not triaged in contact {ContactId}", message.CheckId, childId, message.Header.ContactId);
                continue;
            }
            var facts = ChildFactsMerge.AddConcerns(item.ContactFacts(), message.Indicators);
            if (await triage.RerunAsync(item, facts, TriageTrigger.AgencyCheckCompleted, message.CheckId, message.Header.EventId, cancellationToken)) rerun++;
        }
        logger.LogInformation("Agency check {CheckId} ({Finding}, {IndicatorCount} indicators): {Rerun} of {ChildCount} children re-run",
            message.CheckId, message.Finding, message.Indicators.Count, rerun, message.ChildIds.Count);
    }
}
