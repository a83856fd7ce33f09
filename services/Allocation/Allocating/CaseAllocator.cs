using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.Allocation.Data;
using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Domain.Clocks;
using Mash.Allocation.Domain.Placement;
using Mash.Allocation.Domain.Teams;
using Mash.Allocation.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Allocation.Allocating;

/// <summary>
/// Places cases on workers (<see cref="Placement"/>) and announces it: CaseAllocated, or
/// AllocationQueued when nobody has room. Runs inside the caller's transaction, under the
/// authority's placement lock: each placement is saved at once (not committed) so that the next
/// one in the same transaction sees it.
/// </summary>
public sealed class CaseAllocator(
    AllocationDbContext db, TeamDirectory teams, LocalityDirectory localities, WorkingCalendar calendar, TimeProvider clock, ILogger<CaseAllocator> logger)
{
    /// <summary>
    /// Children were routed, in this order: a new case for CIN/CP, or a corrected decision applied
    /// to the contact's open case. Only routings <see cref="ActsOnAsync"/> said yes to (the consumer
    /// asks before its transaction); one whose open case closed since passes here too, under the
    /// lock. The group's authorities are locked once each, in one order (two groups never wait on
    /// each other in a circle), and their caseloads and team queues read once and kept up to date as
    /// cases are placed; a correction may free or fill places, so after one they are read again.
    /// </summary>
    public async Task RoutedAsync(IReadOnlyList<ChildRouted> routings, CancellationToken cancellationToken)
    {
        foreach (var authority in routings.Select(r => r.Header.LocalAuthority).Distinct().Order(StringComparer.Ordinal))
            await db.LockAuthorityAsync(authority, cancellationToken);
        var loads = new Dictionary<string, AuthorityLoads>(StringComparer.Ordinal);
        foreach (var routed in routings) await RoutedAsync(routed, loads, cancellationToken);
    }

    async Task RoutedAsync(ChildRouted routed, Dictionary<string, AuthorityLoads> loads, CancellationToken cancellationToken)
    {
        var authority = routed.Header.LocalAuthority;
        var now = clock.GetUtcNow();

        var open = await OpenCase(routed).FirstOrDefaultAsync(cancellationToken);
        if (open is not null)
        {
            loads.Remove(authority);
            await CorrectAsync(open, routed, now, cancellationToken);
            return;
        }
        if (!RoutingRules.Allocates(routed.Pathway)) return;

        var record = NewCase(routed, now);
        db.Allocations.Add(record);
        if (!loads.TryGetValue(authority, out var held))
            loads[authority] = held = new AuthorityLoads(await CaseloadsAsync(authority, cancellationToken));
        var placed = await DecideAsync(record, held.Caseloads, cancellationToken);
        if (placed.Worker is { } worker) Allocate(record, worker, placed, held.Caseloads, EventHeaders.System, routed.Header.EventId, now);
        else await QueueAsync(record, placed.QueueReason, held, routed.Header.EventId, now, cancellationToken);
        // Saved, not committed: the next routing of the group finds this case (a sibling's, or the one it corrects).
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What one authority's placements in a group share: its caseloads, and the cases waiting in each team's queue once read.</summary>
    sealed class AuthorityLoads(Caseloads caseloads)
    {
        public Caseloads Caseloads { get; } = caseloads;
        public Dictionary<string, int>? WaitingByTeam { get; set; }
    }

    /// <summary>
    /// Whether the routing places a case (CIN, CP) or corrects the contact's open case of the child.
    /// A first routing to early help or NFA does neither and is not sent here (its routing key);
    /// a correction to one that finds no open case passes without a transaction and without the
    /// authority's placement lock, which otherwise every child of a busy hub queued behind. Seeing no
    /// open case here is as if this routing had taken the lock before a concurrent placement of the
    /// same child, an order the lock allows too.
    /// </summary>
    public async ValueTask<bool> ActsOnAsync(ChildRouted routed, CancellationToken cancellationToken) =>
        RoutingRules.Allocates(routed.Pathway) || await OpenCase(routed).AnyAsync(cancellationToken);

    IQueryable<AllocationRecord> OpenCase(ChildRouted routed)
    {
        var (contactId, childId) = (Guid.Parse(routed.Header.ContactId), Guid.Parse(routed.Header.ChildId));
        return db.Allocations.Include(a => a.Clocks)
            .Where(a => a.ContactId == contactId && a.ChildId == childId && StoredCases.OpenStatuses.Contains(a.Status))
            .OrderByDescending(a => a.RoutedAt);
    }

    /// <summary>
    /// A case left its worker (closed, stepped down, moved away): the locality's queue is offered the
    /// room, oldest routing first, each case placed by the same rules as a new one.
    /// </summary>
    public async Task FillAsync(string localAuthority, string locality, string causationId, CancellationToken cancellationToken)
    {
        if (locality.Length == 0) return;
        await db.SaveChangesAsync(cancellationToken);
        var queued = await db.Allocations.Include(a => a.Clocks)
            .Where(a => a.LocalAuthority == localAuthority && a.Locality == locality
                && a.Status == (int)AllocationStatus.Queued && a.QueueReason == (int)QueueReason.NoCapacity)
            .OrderBy(a => a.RoutedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        if (queued.Count == 0) return;
        var caseloads = new Caseloads(await db.AllocatedAsync(localAuthority, cancellationToken));
        var now = clock.GetUtcNow();
        foreach (var record in queued)
        {
            var placed = await DecideAsync(record, caseloads, cancellationToken);
            if (placed.Worker is not { } worker) continue;
            Allocate(record, worker, placed, caseloads, EventHeaders.System, causationId, now);
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Queued case {AllocationId} allocated to {WorkerId} as room freed in {Locality}", record.Id, worker.Id, locality);
        }
    }

    /// <summary>Gives a case to a worker and announces it (also for a manager's reallocation).</summary>
    public void Allocate(AllocationRecord record, SocialWorker worker, Placed placed, Caseloads caseloads, Actor actor, string causationId,
        DateTimeOffset now, string reallocationReason = "")
    {
        var previousWorker = record.WorkerId;
        record.TeamId = worker.TeamId;
        record.WorkerId = worker.Id;
        record.Status = (int)AllocationStatus.Allocated;
        record.QueueReason = (int)QueueReason.Unspecified;
        record.AllocatedAt = now;
        caseloads.Add(worker.Id, record.ChildId);
        db.AddEvent(new CaseAllocated
        {
            Header = EventHeaders.For(record, actor, now, causationId),
            AllocationId = record.Id.ToString(),
            Pathway = (Pathway)record.Pathway,
            Locality = record.Locality,
            TeamId = worker.TeamId,
            WorkerId = worker.Id,
            SiblingGroupId = record.SiblingGroupId,
            RoutedAt = Timestamp.FromDateTimeOffset(record.RoutedAt),
            PreviousWorkerId = previousWorker,
            ReallocationReason = reallocationReason,
            AlreadyOpen = placed.Reason == PlacementReason.AlreadyOpen,
            OverCap = placed.OverCap,
            Clocks = { EventHeaders.Clocks(record, calendar, now) },
        }, clock);
        logger.LogInformation("Case {AllocationId} of child {ChildId} allocated to {WorkerId} of {TeamId} ({Reason}{OverCap})",
            record.Id, record.ChildId, worker.Id, worker.TeamId, placed.Reason, placed.OverCap ? ", over the cap" : "");
    }

    /// <summary>The locality whose queue gets the room a case leaves: its team's (the child's own when the team is gone from the seeds).</summary>
    public string LocalityHeld(AllocationRecord record) => teams.Team(record.TeamId)?.Locality ?? record.Locality;

    /// <summary>The case's authority's current caseloads, for a change made outside a routing.</summary>
    public async Task<Caseloads> CaseloadsAsync(string localAuthority, CancellationToken cancellationToken) =>
        new(await db.AllocatedAsync(localAuthority, cancellationToken));

    /// <summary>Where a case goes now: to the child's worker, a sibling's worker, the lowest load, or the queue.</summary>
    async Task<Placed> DecideAsync(AllocationRecord record, Caseloads caseloads, CancellationToken cancellationToken)
    {
        var others = await db.Allocations.AsNoTracking()
            .Where(a => a.Id != record.Id && a.LocalAuthority == record.LocalAuthority && a.Status == (int)AllocationStatus.Allocated
                && (a.ChildId == record.ChildId || a.SiblingGroupId == record.SiblingGroupId))
            .OrderBy(a => a.AllocatedAt).Select(a => new { a.ChildId, a.WorkerId }).ToListAsync(cancellationToken);
        WorkerLoad? LoadOf(string? workerId) =>
            workerId is not null && teams.TeamOf(record.LocalAuthority, workerId) is not null ? caseloads.Load(teams.Worker(workerId)!) : null;

        var localityTeams = record.Locality.Length > 0 ? teams.TeamsIn(record.LocalAuthority, record.Locality) : [];
        return Placement.Place(new PlacementRequest(
            HasLocality: localityTeams.Count > 0,
            Candidates: localityTeams.SelectMany(t => t.Workers).Select(caseloads.Load).ToList(),
            ChildWorker: LoadOf(others.FirstOrDefault(a => a.ChildId == record.ChildId)?.WorkerId),
            SiblingWorker: LoadOf(others.FirstOrDefault(a => a.ChildId != record.ChildId)?.WorkerId),
            GroupSize: record.Routing().SiblingChildIds.Count + 1));
    }

    async Task QueueAsync(AllocationRecord record, QueueReason reason, AuthorityLoads held, string causationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var team = "";
        if (reason == QueueReason.NoCapacity)
        {
            var waiting = held.WaitingByTeam ??= await db.Allocations.AsNoTracking()
                .Where(a => a.LocalAuthority == record.LocalAuthority && a.Status == (int)AllocationStatus.Queued && a.TeamId != "")
                .GroupBy(a => a.TeamId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
            team = Placement.QueueTeam(teams.TeamsIn(record.LocalAuthority, record.Locality), waiting)?.Id ?? "";
            if (team.Length > 0) waiting[team] = waiting.GetValueOrDefault(team) + 1;
        }
        (record.TeamId, record.WorkerId, record.Status, record.QueueReason) = (team, "", (int)AllocationStatus.Queued, (int)reason);
        db.AddEvent(new AllocationQueued
        {
            Header = EventHeaders.For(record, EventHeaders.System, now, causationId),
            AllocationId = record.Id.ToString(),
            Pathway = (Pathway)record.Pathway,
            Locality = record.Locality,
            TeamId = team,
            Reason = reason,
            RoutedAt = Timestamp.FromDateTimeOffset(record.RoutedAt),
            Clocks = { EventHeaders.Clocks(record, calendar, now) },
        }, clock);
        logger.LogInformation("Case {AllocationId} of child {ChildId} queued ({Reason}) for team {TeamId}", record.Id, record.ChildId, reason, team);
    }

    async Task CorrectAsync(AllocationRecord open, ChildRouted routed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var routedAt = routed.Header.OccurredAt.ToDateTimeOffset();
        if (routedAt <= open.Routing().Header.OccurredAt.ToDateTimeOffset())
        {
            logger.LogWarning("Routing {EventId} of child {ChildId} is older than the one case {AllocationId} holds; ignored",
                routed.Header.EventId, open.ChildId, open.Id);
            return;
        }
        var heldBy = open.Status == (int)AllocationStatus.Allocated ? open.WorkerId : "";
        var before = open.State();
        var change = RoutingRules.Correct(before, routed.Pathway, routedAt, now, calendar.For(open.LocalAuthority));
        open.Apply(change, now);
        open.DecisionId = routed.DecisionId;
        open.Routed = routed.ToByteArray();
        if (change.Pathway != before.Pathway || change.Ends)
            db.AddEvent(new CaseCorrected
            {
                Header = EventHeaders.For(open, EventHeaders.System, now, routed.Header.EventId),
                AllocationId = open.Id.ToString(),
                DecisionId = routed.DecisionId,
                Pathway = routed.Pathway,
                Closed = change.Ends,
                Clocks = { EventHeaders.Clocks(open, calendar, now) },
            }, clock);
        logger.LogInformation("Case {AllocationId} of child {ChildId}: decision corrected to {Pathway} by {DecisionId}",
            open.Id, open.ChildId, routed.Pathway, routed.DecisionId);
        if (change.Ends && heldBy.Length > 0) await FillAsync(open.LocalAuthority, LocalityHeld(open), routed.Header.EventId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    AllocationRecord NewCase(ChildRouted routed, DateTimeOffset now)
    {
        var routedAt = routed.Header.OccurredAt.ToDateTimeOffset();
        var id = Guid.CreateVersion7(now);
        return new AllocationRecord
        {
            Id = id,
            ChildId = Guid.Parse(routed.Header.ChildId),
            ContactId = Guid.Parse(routed.Header.ContactId),
            SiblingGroupId = routed.SiblingGroupId.Length > 0 ? routed.SiblingGroupId : routed.Header.ContactId,
            LocalAuthority = routed.Header.LocalAuthority,
            Locality = LocalityOf(routed),
            Pathway = (int)routed.Pathway,
            Status = (int)AllocationStatus.Queued,
            DecisionId = routed.DecisionId,
            RoutedAt = routedAt,
            Routed = routed.ToByteArray(),
            Record = [],
            Clocks = StatutoryClocks.StartRouting(calendar.For(routed.Header.LocalAuthority), routed.Pathway, routedAt, routed.ReferredAt?.ToDateTimeOffset(), StatutoryClocks.Unborn(routed),
                    ClockAllowances.With(routed.ClockAllowances))
                .Select(clock => StoredCases.NewClock(id, clock)).ToList(),
        };
    }

    /// <summary>
    /// The child's locality, resolved here from the postcode with the same seed files thresholds
    /// reads. On disagreement the postcode wins (the routing's locality may come from files since
    /// changed); without a postcode of the authority, the routing's locality if the authority has it.
    /// </summary>
    string LocalityOf(ChildRouted routed)
    {
        var authority = routed.Header.LocalAuthority;
        var place = localities.Find(routed.Postcode);
        if (!place.IsOutside && place.LocalAuthority == authority)
        {
            if (routed.Locality.Length > 0 && routed.Locality != place.Locality)
                logger.LogWarning("Child {ChildId}: the routing says locality {Routed}, the postcode gives {Resolved}; the postcode wins",
                    routed.Header.ChildId, routed.Locality, place.Locality);
            return place.Locality;
        }
        return localities.LocalitiesOf(authority).Contains(routed.Locality) ? routed.Locality : "";
    }
}
