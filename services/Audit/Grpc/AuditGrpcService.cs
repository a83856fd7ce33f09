using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Audit.Data;
using Mash.BuildingBlocks.Grpc;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using TrailEntryMessage = Mash.Contracts.Audit.V1.TrailEntry;

namespace Mash.Audit.Grpc;

/// <summary>
/// The audit API. GetDecisionTrail reads the recorded trail; the hash chain, clocks and reports
/// (and the methods not overridden here, which answer UNIMPLEMENTED) come with the audit issue.
/// </summary>
public sealed partial class AuditGrpcService(AuditDbContext db) : AuditService.AuditServiceBase
{
    const int DefaultPageSize = 100, MaxPageSize = 500;

    public override async Task<GetDecisionTrailResponse> GetDecisionTrail(GetDecisionTrailRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        if (string.IsNullOrEmpty(request.ChildId) == string.IsNullOrEmpty(request.ContactId))
            violations.Add(("child_id", "give exactly one of child_id and contact_id"));
        if (request.PageSize is < 0 or > MaxPageSize)
            violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        long after = 0;
        if (request.PageToken.Length > 0 && !long.TryParse(request.PageToken, out after))
            violations.Add(("page_token", "is not a token this service issued"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var query = db.TrailEntries.AsNoTracking().Where(e => e.Sequence > after);
        query = request.ChildId.Length > 0
            ? query.Where(e => e.ChildIds.Contains(request.ChildId))
            : query.Where(e => e.ContactId == request.ContactId);
        var page = await query.OrderBy(e => e.Sequence).Take(pageSize + 1).ToListAsync(context.CancellationToken);

        var response = new GetDecisionTrailResponse { Entries = { page.Take(pageSize).Select(ToMessage) } };
        if (page.Count > pageSize) response.NextPageToken = page[pageSize - 1].Sequence.ToString();
        return response;
    }

    static TrailEntryMessage ToMessage(Data.TrailEntry e) => new()
    {
        Sequence = e.Sequence,
        EventId = e.EventId.ToString(),
        EventType = e.EventType,
        OccurredAt = Timestamp.FromDateTimeOffset(e.OccurredAt),
        RecordedAt = Timestamp.FromDateTimeOffset(e.RecordedAt),
        Actor = Actor.Parser.ParseFrom(e.Actor),
        ContactId = e.ContactId,
        ChildId = e.ChildIds.Count == 1 ? e.ChildIds[0] : "",
        LocalAuthority = e.LocalAuthority,
        Summary = e.Summary,
        Event = ByteString.CopyFrom(e.Body),
    };
}
