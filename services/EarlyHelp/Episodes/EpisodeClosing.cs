using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Messaging;

namespace Mash.EarlyHelp.Episodes;

/// <summary>Closes an episode (EpisodeClosed) and gives its lead professional's place to the panel queue.</summary>
public sealed class EpisodeClosing(EarlyHelpDbContext db, LeadProfessionals leadProfessionals, TimeProvider clock, ILogger<EpisodeClosing> logger)
{
    public async Task CloseAsync(EpisodeRecord row, Episode episode, EpisodeOutcome outcome, string note, Actor actor, string causationId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var heldPlace = episode.LeadProfessional is not null;
        EpisodeChanges.Close(episode, outcome, note, now);
        row.Store(episode);
        db.AddEvent(EpisodeEvents.Closed(episode, actor, now, causationId), clock);
        logger.LogInformation("Episode {EpisodeId} closed: {Outcome}", episode.EpisodeId, outcome);
        if (heldPlace) await leadProfessionals.RetryPanelQueueAsync(episode.LocalAuthority, causationId, cancellationToken);
    }
}
