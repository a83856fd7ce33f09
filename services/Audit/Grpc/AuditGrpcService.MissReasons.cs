using Grpc.Core;
using Mash.Audit.Clocks;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.Validation;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Audit.Grpc;

/// <summary>
/// RecordMissReason: a manager says why a clock was missed. The reason is kept on the clock (the
/// breach list and the timeliness report show it) and announced as ClockMissReasonRecorded, which
/// the trail appends like any other event, in the same transaction through the outbox.
/// </summary>
public sealed partial class AuditGrpcService
{
    public const int MaxMissNote = 1_000;

    public override async Task<RecordMissReasonResponse> RecordMissReason(RecordMissReasonRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var violations = new List<(string, string)>();
        if (request.ClockId.Length == 0) violations.Add(("clock_id", "is required"));
        if (request.Reason == MissReason.Unspecified || !System.Enum.IsDefined(request.Reason))
            violations.Add(("reason", "must be one of the reasons for a missed clock"));
        var note = request.Note.Trim();
        if (request.Reason == MissReason.Other && note.Length == 0) violations.Add(("note", "is required when the reason is other"));
        else if (FreeText.Problem(note, MaxMissNote) is { } problem) violations.Add(("note", problem));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = (await db.Clocks.FromSql($"SELECT * FROM clocks WHERE clock_id = {request.ClockId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault();
        // Another authority's clock is as good as absent.
        if (row is null || row.LocalAuthority != caller.LocalAuthority) throw RpcErrors.NotFound($"Clock {request.ClockId}");
        var now = clock.GetUtcNow();
        if (!row.Times().MissedBy(now)) throw RpcErrors.FailedPrecondition("The clock has not been missed: a reason is recorded only for a clock past its due");

        (row.MissReason, row.MissNote, row.MissRecordedBy, row.MissRecordedAt) = ((int)request.Reason, note, caller.Subject, now);
        db.AddEvent(new ClockMissReasonRecorded
        {
            Header = ClockScheduler.Header(row, now, caller),
            Clock = ClockScheduler.Details(row),
            Reason = request.Reason,
            Note = note,
        }, clock);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RecordMissReasonResponse { Breach = ToBreach(row, now) };
    }
}
