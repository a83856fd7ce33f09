using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Messaging;
using Microsoft.EntityFrameworkCore;
using Google.Protobuf.WellKnownTypes;

namespace Mash.EarlyHelp.Episodes;

/// <summary>A child arriving in early help: from a MASH decision (ChildRouted) or a step-down from social care.</summary>
public sealed record Arrival(
    string LocalAuthority,
    string Locality,
    string SiblingGroupId,
    EpisodeChild Child,
    EpisodeOrigin Origin,
    DateTimeOffset RoutedAt,
    string StepDownAllocationId,
    string CausationId,
    Allowance LeadProfessionalAllowance);

/// <summary>
/// Opens one episode per family. Siblings arrive as separate events, possibly at the same moment on
/// two consumers, possibly again: the sibling group's lock (and a unique index on open episodes per
/// group) makes them end in one episode. A child already in an open episode gets no second one: the
/// new contact is linked to the episode it is in, for its lead professional to read.
/// </summary>
public sealed class EpisodeOpening(EarlyHelpDbContext db, WorkingCalendar calendar, TimeProvider clock, ILogger<EpisodeOpening> logger)
{
    public async Task ArriveAsync(Arrival arrival, CancellationToken cancellationToken)
    {
        var childId = Guid.Parse(arrival.Child.ChildId);
        await db.SiblingGroupLockAsync(arrival.LocalAuthority, arrival.SiblingGroupId, cancellationToken);
        await db.ChildLockAsync(childId, cancellationToken);

        var openEpisodeId = await db.EpisodeChildren.AsNoTracking()
            .Where(c => c.ChildId == childId && c.Open).Select(c => (Guid?)c.EpisodeId).SingleOrDefaultAsync(cancellationToken);
        if (openEpisodeId is { } inEpisode)
        {
            var current = (await db.LockAsync(inEpisode, cancellationToken))!;
            var episode = current.Message();
            EpisodeChanges.LinkContact(episode, arrival.Child.ContactId);
            current.Store(episode);
            logger.LogInformation("Child {ChildId} is already in open episode {EpisodeId}: no second episode; contact {ContactId} linked",
                childId, inEpisode, arrival.Child.ContactId);
            return;
        }

        var family = (await db.Episodes.FromSql($"""
            SELECT * FROM episodes WHERE local_authority = {arrival.LocalAuthority} AND sibling_group_id = {arrival.SiblingGroupId} AND status <> {(int)EpisodeStatus.Closed}
            FOR UPDATE
            """).ToListAsync(cancellationToken)).SingleOrDefault();
        var now = clock.GetUtcNow();
        if (family is not null)
        {
            await db.Entry(family).Collection(r => r.Children).LoadAsync(cancellationToken);
            var episode = family.Message();
            EpisodeChanges.AddChild(episode, arrival.Child);
            if (episode.StepDownAllocationId.Length == 0) episode.StepDownAllocationId = arrival.StepDownAllocationId;
            family.Store(episode);
            db.AddEvent(EpisodeEvents.Opened(episode, EventHeaders.System, now, arrival.CausationId), clock);
            logger.LogInformation("Child {ChildId} joined its siblings' episode {EpisodeId}", childId, episode.EpisodeId);
            return;
        }

        var opened = new Episode
        {
            EpisodeId = Guid.CreateVersion7(now).ToString(),
            LocalAuthority = arrival.LocalAuthority,
            Locality = arrival.Locality,
            Status = EpisodeStatus.AwaitingConsent,
            Origin = arrival.Origin,
            ContactId = arrival.Child.ContactId,
            Children = { arrival.Child },
            StepDownAllocationId = arrival.StepDownAllocationId,
            OpenedAt = Timestamp.FromDateTimeOffset(now),
            LeadProfessionalClock = LeadProfessionalClock.Start(Guid.CreateVersion7(arrival.RoutedAt), arrival.RoutedAt, calendar.For(arrival.LocalAuthority), arrival.LeadProfessionalAllowance),
        };
        var row = new EpisodeRecord { Id = Guid.Parse(opened.EpisodeId), SiblingGroupId = arrival.SiblingGroupId };
        row.Store(opened);
        db.Episodes.Add(row);
        db.AddEvent(EpisodeEvents.Opened(opened, EventHeaders.System, now, arrival.CausationId), clock);
        logger.LogInformation("Episode {EpisodeId} opened ({Origin}) in {Locality}; lead professional due {DueAt:o}",
            opened.EpisodeId, arrival.Origin, arrival.Locality, row.DueAt);
    }
}
