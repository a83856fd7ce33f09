using Google.Protobuf.WellKnownTypes;
using Mash.Allocation.Data;
using Mash.Allocation.Domain;
using Mash.Allocation.Domain.Clocks;
using Mash.Allocation.Domain.Placement;
using Mash.Allocation.Domain.Teams;
using Mash.Allocation.Messaging;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Grpc;

/// <summary>A stored case as the API shows it: team and worker (with load and cap), every clock's state now, what was recorded.</summary>
public sealed class AllocationMapper(TeamDirectory teams, WorkingCalendar calendar)
{
    public Contracts.Allocation.V1.Allocation ToMessage(AllocationRecord record, Caseloads caseloads, DateTimeOffset now)
    {
        var routed = record.Routing();
        var message = record.Recorded();
        message.AllocationId = record.Id.ToString();
        message.ChildId = record.ChildId.ToString();
        message.ContactId = record.ContactId.ToString();
        message.SiblingGroupId = record.SiblingGroupId;
        message.LocalAuthority = record.LocalAuthority;
        message.Locality = record.Locality;
        message.Pathway = (Pathway)record.Pathway;
        message.DecisionId = record.DecisionId;
        message.Status = (AllocationStatus)record.Status;
        message.QueueReason = (QueueReason)record.QueueReason;
        message.RoutedAt = Timestamp.FromDateTimeOffset(record.RoutedAt);
        if (record.AllocatedAt is { } allocatedAt) message.AllocatedAt = Timestamp.FromDateTimeOffset(allocatedAt);
        if (record.TeamId.Length > 0) message.Team = Team(record.TeamId, record.LocalAuthority);
        // A closed or stepped-down case still names the worker who held it last.
        if (record.WorkerId.Length > 0) message.Worker = Worker(record.WorkerId, record.TeamId, caseloads);
        message.Clocks.AddRange(EventHeaders.Clocks(record, calendar, now));
        message.StepDownEpisodeId = record.StepDownEpisodeId;
        message.AgeYears = ChildAge.YearsOn(routed.DateOfBirth, StatutoryClocks.LondonDate(now), routed.AgeYears);
        return message;
    }

    public Team Team(string teamId, string localAuthority) => teams.Team(teamId) is { } team
        ? new Team { TeamId = team.Id, Name = team.Name, Locality = team.Locality, LocalAuthority = team.LocalAuthority }
        // A team since removed from the seeds: its id is all that is known.
        : new Team { TeamId = teamId, LocalAuthority = localAuthority };

    public Worker Worker(string workerId, string teamId, Caseloads caseloads) => teams.Worker(workerId) is { } worker
        ? Worker(worker, caseloads)
        : new Worker { WorkerId = workerId, TeamId = teamId, Caseload = caseloads.Of(workerId) };

    public static Worker Worker(SocialWorker worker, Caseloads caseloads) => new()
    {
        WorkerId = worker.Id,
        Name = worker.Name,
        TeamId = worker.TeamId,
        Caseload = caseloads.Of(worker.Id),
        CaseloadCap = worker.CaseloadCap,
    };
}
