using System.Linq.Expressions;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Audit.Checkpoints;
using Mash.Audit.Data;
using Mash.Audit.Domain.Checkpoints;
using Mash.Audit.Trail;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using TrailEntryMessage = Mash.Contracts.Audit.V1.TrailEntry;

namespace Mash.Audit.Grpc;

/// <summary>
/// The audit API, one partial class per concern: the trail (here), clocks and timeliness
/// (AuditGrpcService.Clocks.cs). Staff see only their own authority's entries and clocks;
/// nothing here writes, except that a person's read of a child's trail is itself recorded and a
/// manager may say why a clock was missed (AuditGrpcService.MissReasons.cs).
/// </summary>
public sealed partial class AuditGrpcService(
    AuditDbContext db, TrailVerifier verifier, CheckpointVerifier checkpoints, WorkingCalendar calendar, TimeProvider clock)
    : AuditService.AuditServiceBase
{
    const int DefaultPageSize = 100, MaxPageSize = 500;

    public override async Task<GetDecisionTrailResponse> GetDecisionTrail(GetDecisionTrailRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var violations = new List<(string, string)>();
        if (string.IsNullOrEmpty(request.ChildId) == string.IsNullOrEmpty(request.ContactId))
            violations.Add(("child_id", "give exactly one of child_id and contact_id"));
        if (request.PageSize is < 0 or > MaxPageSize)
            violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        long after = 0;
        if (request.PageToken.Length > 0 && (!long.TryParse(request.PageToken, out after) || after < 0))
            violations.Add(("page_token", "is not a token this service issued"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await db.TrailEntries.AsNoTracking()
            .Where(Scope(request.ChildId, request.ContactId))
            .Where(e => e.LocalAuthority == caller.LocalAuthority && e.Sequence > after)
            .OrderBy(e => e.Sequence).Take(pageSize + 1).ToListAsync(context.CancellationToken);

        var shown = page.Take(pageSize).ToList();
        var response = new GetDecisionTrailResponse { Entries = { shown.Select(e => ToMessage(e, request.ChildId)) } };
        if (page.Count > pageSize) response.NextPageToken = shown[^1].Sequence.ToString();

        // Reading a child's trail is reading the child's record: it lands in the trail too.
        if (shown.Count > 0 && IsPerson(caller))
        {
            var children = request.ChildId.Length > 0 ? [request.ChildId] : shown.SelectMany(e => e.ChildIds).Distinct().ToList();
            await db.RecordViewedAsync(context, "audit", children, request.ContactId, caller.LocalAuthority, clock: clock);
        }
        return response;
    }

    public override async Task<VerifyTrailResponse> VerifyTrail(VerifyTrailRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        Verification result;
        switch (request.ScopeCase)
        {
            case VerifyTrailRequest.ScopeOneofCase.All when request.All:
                result = await verifier.VerifyAllAsync(context.CancellationToken);
                break;
            case VerifyTrailRequest.ScopeOneofCase.ChildId or VerifyTrailRequest.ScopeOneofCase.ContactId
                when request.ChildId.Length > 0 || request.ContactId.Length > 0:
                var scope = Scope(request.ChildId, request.ContactId);
                // Whether a child has a trail at all is not told to staff of other authorities.
                if (!await db.TrailEntries.Where(scope).AnyAsync(e => e.LocalAuthority == caller.LocalAuthority, context.CancellationToken))
                    throw RpcErrors.NotFound(request.ChildId.Length > 0 ? $"The trail of child {request.ChildId}" : $"The trail of contact {request.ContactId}");
                result = await verifier.VerifyScopeAsync(scope, context.CancellationToken);
                break;
            default:
                throw RpcErrors.InvalidArgument([("scope", "give child_id, contact_id or all = true")]);
        }

        // Whatever the scope, the trail's tail is measured against the signed checkpoints: a cut tail leaves no broken link.
        var anchor = await checkpoints.CheckAsync(db, context.CancellationToken);
        var response = new VerifyTrailResponse
        {
            Valid = result.FirstBroken is null && anchor.FirstProblem is null,
            EntriesChecked = result.EntriesChecked,
            VerifiedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        };
        if (anchor.Checkpoints.Where(c => c.LocalAuthority == caller.LocalAuthority).MaxBy(c => c.Chain.Sequence) is { } own) response.Checkpoint = ToMessage(own);

        // The first problem by sequence; at the same sequence the chain's own, which names the entry.
        if (anchor.FirstProblem is { } problem && (result.FirstBroken is null || problem.Sequence < result.FirstBroken.Entry.Sequence))
        {
            response.FirstBroken = new BrokenLink
            {
                Sequence = problem.Sequence,
                ExpectedHash = ByteString.CopyFrom(problem.CheckpointHash),
                StoredHash = ByteString.CopyFrom(problem.StoredHash),
                Problem = problem.Problem,
            };
        }
        else if (result is { FirstBroken: { } broken, BrokenEntry: { } entry })
        {
            response.FirstBroken = new BrokenLink
            {
                Sequence = broken.Entry.Sequence,
                ExpectedHash = ByteString.CopyFrom(broken.ExpectedHash),
                StoredHash = ByteString.CopyFrom(broken.StoredHash),
                Problem = broken.Problem,
            };
            // The position and the hashes are the chain's; whose entry it is, only its own authority's staff learn.
            if (entry.LocalAuthority == caller.LocalAuthority)
            {
                response.FirstBroken.EventId = entry.EventId.ToString();
                response.FirstBroken.ContactId = entry.ContactId;
                response.FirstBroken.ChildId = ChildOf(entry, request.ChildId);
            }
        }
        return response;
    }

    static TrailCheckpoint ToMessage(Checkpoint c) => new()
    {
        LocalAuthority = c.LocalAuthority,
        WrittenAt = Timestamp.FromDateTimeOffset(c.WrittenAt),
        ChainSequence = c.Chain.Sequence,
        ChainHash = ByteString.CopyFrom(c.Chain.Hash),
        AuthoritySequence = c.Newest.Sequence,
        AuthorityHash = ByteString.CopyFrom(c.Newest.Hash),
    };

    static Expression<Func<Data.TrailEntry, bool>> Scope(string childId, string contactId) =>
        childId.Length > 0 ? e => e.ChildIds.Contains(childId) : e => e.ContactId == contactId;

    /// <summary>The child an entry is shown for: the one asked about, or its only child.</summary>
    static string ChildOf(Data.TrailEntry e, string askedFor) =>
        askedFor.Length > 0 && e.ChildIds.Contains(askedFor) ? askedFor : e.ChildIds.Count == 1 ? e.ChildIds[0] : "";

    static bool IsPerson(Actor caller) => caller.Role is Role.Partner or Role.Screener or Role.Manager or Role.Auditor;

    static TrailEntryMessage ToMessage(Data.TrailEntry e, string askedFor)
    {
        var message = new TrailEntryMessage
        {
            Sequence = e.Sequence,
            EventId = e.EventId.ToString(),
            EventType = e.EventType,
            OccurredAt = Timestamp.FromDateTimeOffset(e.OccurredAt),
            RecordedAt = Timestamp.FromDateTimeOffset(e.RecordedAt),
            Actor = Actor.Parser.ParseFrom(e.Actor),
            ContactId = e.ContactId,
            ChildId = ChildOf(e, askedFor),
            LocalAuthority = e.LocalAuthority,
            Summary = e.Summary,
            Event = ByteString.CopyFrom(e.Body),
            PreviousHash = ByteString.CopyFrom(e.PreviousHash),
            Hash = ByteString.CopyFrom(e.Hash),
        };
        if (e.RuleSetId.Length > 0)
            message.RuleSet = new RuleSetRef { RuleSetId = e.RuleSetId, Version = e.RuleSetVersion, ContentHash = e.RuleSetHash };
        return message;
    }
}
