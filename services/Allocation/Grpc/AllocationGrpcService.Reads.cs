using Grpc.Core;
using Mash.Allocation.Data;
using Mash.Allocation.Domain;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Allocation.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Allocation.Grpc;

/// <summary>GetAllocation and ListCaseload: staff of the case's authority only, and every read is recorded (RecordViewed).</summary>
public sealed partial class AllocationGrpcService
{
    const int DefaultPageSize = 50, MaxPageSize = 200;

    public override async Task<GetAllocationResponse> GetAllocation(GetAllocationRequest request, ServerCallContext context)
    {
        var authority = Access.Demand(context).LocalAuthority;
        var cancellationToken = context.CancellationToken;
        var cases = db.Allocations.AsNoTracking().Include(a => a.Clocks).Where(a => a.LocalAuthority == authority);
        AllocationRecord? record;
        if (request.AllocationId.Length > 0 == request.ChildId.Length > 0)
            throw RpcErrors.InvalidArgument([(request.AllocationId.Length > 0 ? "child_id" : "allocation_id", "give either allocation_id or child_id")]);
        if (request.AllocationId.Length > 0)
        {
            var id = ParseAllocationId(request.AllocationId);
            record = await cases.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        }
        else
        {
            if (!Guid.TryParse(request.ChildId, out var childId)) throw RpcErrors.InvalidArgument([("child_id", "must be a child id (a UUID)")]);
            // The child's open case, newest first; else the latest one.
            record = await cases.Where(a => a.ChildId == childId)
                .OrderBy(a => StoredCases.OpenStatuses.Contains(a.Status) ? 0 : 1).ThenByDescending(a => a.RoutedAt).ThenByDescending(a => a.Id)
                .FirstOrDefaultAsync(cancellationToken);
        }
        if (record is null) throw RpcErrors.NotFound(request.AllocationId.Length > 0 ? $"Allocation {request.AllocationId}" : $"An allocation of child {request.ChildId}");

        var response = new GetAllocationResponse { Allocation = await ShowAsync(record, cancellationToken) };
        await db.RecordViewedAsync(context, ServiceName, [record.ChildId.ToString()], record.ContactId.ToString(), record.LocalAuthority, record.Id.ToString(), clock);
        return response;
    }

    public override async Task<ListCaseloadResponse> ListCaseload(ListCaseloadRequest request, ServerCallContext context)
    {
        var authority = Access.Demand(context).LocalAuthority;
        var cancellationToken = context.CancellationToken;
        var violations = new List<(string, string)>();
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        CaseloadCursor? after = null;
        if (request.PageToken.Length > 0 && !CaseloadCursor.TryDecode(request.PageToken, out after)) violations.Add(("page_token", "is not a token this service issued"));
        for (var i = 0; i < request.Statuses.Count; i++)
            if (!Enum.IsDefined(request.Statuses[i]) || request.Statuses[i] == AllocationStatus.Unspecified)
                violations.Add(($"statuses[{i}]", "is not a known status"));
        var scope = teams.TeamsOf(authority);
        if (request.Locality.Length > 0 && scope.All(t => t.Locality != request.Locality)) violations.Add(("locality", $"is not a locality of {authority}"));
        if (request.TeamId.Length > 0 && scope.All(t => t.Id != request.TeamId)) violations.Add(("team_id", $"is not a team of {authority}"));
        if (request.WorkerId.Length > 0 && teams.TeamOf(authority, request.WorkerId) is null) violations.Add(("worker_id", $"is not a worker of {authority}"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        // Staff see their own authority's caseloads: another authority's is empty to them.
        if (request.LocalAuthority.Length > 0 && request.LocalAuthority != authority) return new ListCaseloadResponse();

        var statuses = (request.Statuses.Count > 0 ? request.Statuses : [AllocationStatus.Queued, AllocationStatus.Allocated]).Select(s => (int)s).ToList();
        var cases = db.Allocations.AsNoTracking().Where(a => a.LocalAuthority == authority && statuses.Contains(a.Status));
        if (request.Locality.Length > 0)
        {
            // A locality's cases: those its teams hold, and those of its children waiting without a team.
            var localityTeams = scope.Where(t => t.Locality == request.Locality).Select(t => t.Id).ToList();
            cases = cases.Where(a => localityTeams.Contains(a.TeamId) || (a.TeamId == "" && a.Locality == request.Locality));
            scope = scope.Where(t => t.Locality == request.Locality).ToList();
        }
        if (request.TeamId.Length > 0)
        {
            cases = cases.Where(a => a.TeamId == request.TeamId);
            scope = scope.Where(t => t.Id == request.TeamId).ToList();
        }
        if (request.WorkerId.Length > 0) cases = cases.Where(a => a.WorkerId == request.WorkerId);
        if (after is not null)
            cases = cases.Where(a => (a.Status == (int)AllocationStatus.Queued ? 0 : 1) > after.Rank
                || ((a.Status == (int)AllocationStatus.Queued ? 0 : 1) == after.Rank
                    && (string.Compare(a.WorkerId, after.WorkerId) > 0
                        || (a.WorkerId == after.WorkerId && (a.RoutedAt > after.RoutedAt
                            || (a.RoutedAt == after.RoutedAt && a.Id.CompareTo(after.Id) > 0))))));

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await cases.Include(a => a.Clocks)
            .OrderBy(a => a.Status == (int)AllocationStatus.Queued ? 0 : 1).ThenBy(a => a.WorkerId).ThenBy(a => a.RoutedAt).ThenBy(a => a.Id)
            .Take(pageSize + 1).AsSplitQuery().ToListAsync(cancellationToken);

        var caseloads = await allocator.CaseloadsAsync(authority, cancellationToken);
        var now = clock.GetUtcNow();
        var response = new ListCaseloadResponse();
        response.Allocations.AddRange(page.Take(pageSize).Select(a => mapper.ToMessage(a, caseloads, now)));
        response.Workers.AddRange(scope.SelectMany(t => t.Workers)
            .Where(w => request.WorkerId.Length == 0 || w.Id == request.WorkerId)
            .Select(w => AllocationMapper.Worker(w, caseloads)));
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = new CaseloadCursor(last.Status == (int)AllocationStatus.Queued ? 0 : 1, last.WorkerId, last.RoutedAt, last.Id).Encode();
        }
        await db.RecordViewedAsync(context, ServiceName, page.Take(pageSize).Select(a => a.ChildId.ToString()).Distinct().ToList(), "", authority, clock: clock);
        return response;
    }
}
