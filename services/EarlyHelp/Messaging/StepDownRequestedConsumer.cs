using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Episodes;

namespace Mash.EarlyHelp.Messaging;

/// <summary>
/// Social care stepped a child down after assessment: early help opens (or joins) the family's
/// episode without re-screening, linked to the social care case, with the clock from the step-down.
/// Consent is still asked: early help stays voluntary.
/// </summary>
public sealed class StepDownRequestedConsumer(EarlyHelpDbContext db, EpisodeOpening opening, LocalityDirectory localities)
    : InboxConsumer<StepDownRequested, EarlyHelpDbContext>(db)
{
    protected override Task Handle(StepDownRequested message, CancellationToken cancellationToken)
    {
        var place = Placement.Of(localities, message.Header.LocalAuthority, message.Locality, message.Postcode);
        var child = Arrivals.Child(message.Header, message.AgeYears, message.Setting, message.Postcode, message.DateOfBirth, message.ExpectedDateOfBirth);
        var group = message.SiblingGroupId.Length > 0 ? message.SiblingGroupId : message.AllocationId;
        return opening.ArriveAsync(new Arrival(place.LocalAuthority, place.Locality, group, child, EpisodeOrigin.StepDown,
            message.Header.OccurredAt.ToDateTimeOffset(), message.AllocationId, message.Header.EventId, LeadProfessionalClock.AllowanceOf(message.ClockAllowances)),
            cancellationToken);
    }
}
