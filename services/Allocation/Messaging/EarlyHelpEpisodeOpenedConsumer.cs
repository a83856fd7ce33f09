using Mash.Allocation.Data;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Allocation.Messaging;

/// <summary>
/// Early help opened the episode a step-down asked for: the stepped-down cases of that family (the
/// allocation named, and its siblings stepped down into the same episode) show the episode.
/// </summary>
public sealed class EarlyHelpEpisodeOpenedConsumer(AllocationDbContext db, ILogger<EarlyHelpEpisodeOpenedConsumer> logger)
    : InboxConsumer<EarlyHelpEpisodeOpened, AllocationDbContext>(db)
{
    protected override async Task Handle(EarlyHelpEpisodeOpened message, CancellationToken cancellationToken)
    {
        if (message.Origin != EpisodeOrigin.StepDown || !Guid.TryParse(message.StepDownAllocationId, out var allocationId)) return;
        var named = await Db.Allocations.SingleOrDefaultAsync(a => a.Id == allocationId, cancellationToken);
        if (named is null)
        {
            logger.LogWarning("Episode {EpisodeId} names step-down allocation {AllocationId}, which allocation does not hold", message.EpisodeId, allocationId);
            return;
        }
        var children = message.ChildIds.Select(id => Guid.TryParse(id, out var child) ? child : Guid.Empty).ToList();
        var family = await Db.Allocations
            .Where(a => a.Id == allocationId || (a.SiblingGroupId == named.SiblingGroupId && children.Contains(a.ChildId)
                && a.Status == (int)AllocationStatus.SteppedDown && a.StepDownEpisodeId == ""))
            .ToListAsync(cancellationToken);
        foreach (var record in family) record.StepDownEpisodeId = message.EpisodeId;
        logger.LogInformation("Episode {EpisodeId} opened for {CaseCount} stepped-down cases", message.EpisodeId, family.Count);
    }
}

/// <summary>Allocation is sent only the episodes a step-down asked for.</summary>
public sealed class EarlyHelpEpisodeOpenedConsumerDefinition() : KeyedConsumerDefinition<EarlyHelpEpisodeOpenedConsumer, EarlyHelpEpisodeOpened>(
    EventRoutes.EpisodesOpened.From(EpisodeOrigin.StepDown));
