using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Episodes;

namespace Mash.EarlyHelp.Messaging;

/// <summary>
/// A MASH decision took effect. Early help opens (or joins) the family's episode for a child routed
/// to EARLY_HELP, with the clock from the routing. A decision on a step-up contact settles the step-up:
/// social care (CIN or CP) closes the episode as stepped up; early help or NFA hands the family back.
/// </summary>
public sealed class ChildRoutedConsumer(EarlyHelpDbContext db, EpisodeOpening opening, EpisodeClosing closing, LocalityDirectory localities,
    ILogger<ChildRoutedConsumer> logger) : InboxConsumer<ChildRouted, EarlyHelpDbContext>(db)
{
    /// <summary>Early help acts on a routing to early help and on the decision of a step-up contact; other routings pass.</summary>
    protected override ValueTask<bool> ActsOnAsync(ChildRouted message, CancellationToken cancellationToken) => ValueTask.FromResult(ActsOn(message));

    public static bool ActsOn(ChildRouted message) => message.Pathway == Pathway.EarlyHelp || Guid.TryParse(message.StepUpEpisodeId, out _);

    protected override async Task Handle(ChildRouted message, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(message.StepUpEpisodeId, out var stepUpEpisode))
            await SettleStepUpAsync(stepUpEpisode, message, cancellationToken);
        if (message.Pathway != Pathway.EarlyHelp) return;

        var place = Placement.Of(localities, message.Header.LocalAuthority, message.Locality, message.Postcode);
        var child = Arrivals.Child(message.Header, message.AgeYears, message.Setting, message.Postcode, message.DateOfBirth, message.ExpectedDateOfBirth, message.DecisionId);
        var group = message.SiblingGroupId.Length > 0 ? message.SiblingGroupId : message.Header.ContactId;
        await opening.ArriveAsync(new Arrival(place.LocalAuthority, place.Locality, group, child, EpisodeOrigin.MashRouting,
            message.Header.OccurredAt.ToDateTimeOffset(), "", message.Header.EventId, LeadProfessionalClock.AllowanceOf(message.ClockAllowances)), cancellationToken);
    }

    async Task SettleStepUpAsync(Guid episodeId, ChildRouted message, CancellationToken cancellationToken)
    {
        if (await Db.LockAsync(episodeId, cancellationToken) is not { } row) return;
        var episode = row.Message();
        if (episode.Status != EpisodeStatus.StepUpRequested) return;
        if (EpisodeRules.StepUpAccepted(message.Pathway))
        {
            await closing.CloseAsync(row, episode, EpisodeOutcome.SteppedUp, $"The MASH routed the step-up contact to {Names.Of(message.Pathway)}",
                EventHeaders.System, message.Header.EventId, cancellationToken);
            return;
        }
        episode.Status = EpisodeRules.WorkingStatus(episode);
        row.Store(episode);
        logger.LogInformation("Episode {EpisodeId}: the MASH routed step-up contact {ContactId} to {Pathway}; early help goes on",
            episode.EpisodeId, message.Header.ContactId, message.Pathway);
    }
}

/// <summary>Early help is sent routings to early help and the decisions on step-up contacts; no others reach it.</summary>
public sealed class ChildRoutedConsumerDefinition() : KeyedConsumerDefinition<ChildRoutedConsumer, ChildRouted>(
    EventRoutes.Routed.To(Pathway.EarlyHelp), EventRoutes.Routed.StepUps);
