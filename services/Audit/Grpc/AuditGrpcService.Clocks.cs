using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Audit.Data;
using Mash.Audit.Domain.Clocks;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Mash.Audit.Grpc;

/// <summary>ListBreaches and GetTimelinessReport (its clock figures here, its front-door figures from the reports).</summary>
public sealed partial class AuditGrpcService
{
    public override async Task<ListBreachesResponse> ListBreaches(ListBreachesRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var violations = new List<(string, string)>();
        var authority = AuthorityOf(request.LocalAuthority, caller);
        var (from, to) = Period(request.From, request.To, required: false, violations);
        for (var i = 0; i < request.Clocks.Count; i++)
            if (request.Clocks[i] == ClockKind.Unspecified || !System.Enum.IsDefined(request.Clocks[i]))
                violations.Add(($"clocks[{i}]", "is not a clock kind"));
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        (DateTimeOffset Due, string ClockId)? after = null;
        if (request.PageToken.Length > 0 && !TryReadCursor(request.PageToken, out after)) violations.Add(("page_token", "is not a token this service issued"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var now = clock.GetUtcNow();
        var query = db.Clocks.AsNoTracking().Where(c => c.LocalAuthority == authority && c.StartedAt != null && c.DueAt != null
            && (c.CancelledAt == null || c.CancelledAt > c.DueAt));
        query = request.IncludeAtRisk
            ? query.Where(c => (c.DueAt <= now && (c.StoppedAt == null || c.StoppedAt > c.DueAt))
                || (c.StoppedAt == null && c.CancelledAt == null && c.AtRiskAt <= now))
            : query.Where(c => c.DueAt <= now && (c.StoppedAt == null || c.StoppedAt > c.DueAt));
        if (request.Locality.Length > 0) query = query.Where(c => c.Locality == request.Locality);
        var kinds = request.Clocks.Select(k => (int)k).ToList();
        if (kinds.Count > 0) query = query.Where(c => kinds.Contains(c.Kind));
        // A due at local midnight is the end of the day before (working-day clocks end so): it belongs to that day.
        if (from is { } start) query = query.Where(c => c.DueAt > start);
        if (to is { } end) query = query.Where(c => c.DueAt <= end);
        if (after is var (afterDue, afterId)) query = query.Where(c => c.DueAt > afterDue || (c.DueAt == afterDue && string.Compare(c.ClockId, afterId) > 0));

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await query.OrderBy(c => c.DueAt).ThenBy(c => c.ClockId).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var shown = page.Take(pageSize).ToList();
        var response = new ListBreachesResponse { Breaches = { shown.Select(c => ToBreach(c, now)) } };
        if (page.Count > pageSize) response.NextPageToken = WriteCursor(shown[^1].DueAt!.Value, shown[^1].ClockId);
        // A breach names the child, the contact and who holds the case: the list is a read of those children's records.
        await db.RecordViewedAsync(context, "audit", shown.SelectMany(c => c.ChildIds).Distinct().ToList(), "", authority, clock: clock);
        return response;
    }

    public override async Task<GetTimelinessReportResponse> GetTimelinessReport(GetTimelinessReportRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var violations = new List<(string, string)>();
        var authority = AuthorityOf(request.LocalAuthority, caller);
        var (from, to) = Period(request.From, request.To, required: true, violations);
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var now = clock.GetUtcNow();
        var asOf = to!.Value < now ? to.Value : now;
        // Working time in the authority's own office hours.
        var officeCalendar = calendar.For(authority);
        var query = db.Clocks.AsNoTracking().Where(c => c.LocalAuthority == authority && c.StartedAt >= from && c.StartedAt < to && c.DueAt != null);
        if (request.Locality.Length > 0) query = query.Where(c => c.Locality == request.Locality);
        var clocks = (await query.Select(c => new { c.Kind, c.Rag, c.StartedAt, c.DueAt, c.StoppedAt, c.CancelledAt, c.MissReason }).ToListAsync(context.CancellationToken))
            .Select(c => new ReportedClock((ClockKind)c.Kind, (Rag)c.Rag, c.StartedAt!.Value, c.DueAt!.Value, c.StoppedAt, c.CancelledAt, (MissReason)c.MissReason)).ToList();

        var response = new GetTimelinessReportResponse
        {
            LocalAuthority = authority,
            Locality = request.Locality,
            From = request.From,
            To = request.To,
            Clocks =
            {
                Timeliness.ByClock(clocks, officeCalendar, asOf).Select(f => new ClockTimeliness
                {
                    Clock = f.Kind, Count = f.Count, OnTime = f.OnTime, OnTimeShare = f.OnTimeShare,
                    MedianElapsed = f.MedianElapsed is { } median ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(median) : null,
                    P90Elapsed = f.P90Elapsed is { } p90 ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(p90) : null,
                    MedianWorking = f.MedianWorking is { } medianWorking ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(medianWorking) : null,
                    P90Working = f.P90Working is { } p90Working ? Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(p90Working) : null,
                    Open = f.Open, OpenBreached = f.OpenBreached,
                    MissReasons = { (f.MissReasons ?? []).Select(r => new MissReasonCount { Reason = r.Reason, Clocks = r.Clocks }) },
                }),
            },
            DecisionsByRag =
            {
                Timeliness.DecisionsByRag(clocks, officeCalendar, asOf).Select(f => new RagTimeliness
                {
                    Rag = f.Rag, Decisions = f.Decisions, WithinOneWorkingDay = f.WithinOneWorkingDay, ShareWithinOneWorkingDay = f.Share,
                }),
            },
        };
        // Fields 7-13 (contacts, children, referrals, rates, outcomes): the front-door figures of the report projections.
        await Service<Reports.ReportQueries>(context).AddFrontDoorFiguresAsync(response, context.CancellationToken);
        return response;
    }

    /// <summary>Staff report on their own authority only: empty means theirs, another is refused.</summary>
    static string AuthorityOf(string requested, Actor caller)
    {
        var own = caller.LocalAuthority;
        if (own.Length == 0) throw RpcErrors.PermissionDenied("Your sign-in names no local authority");
        if (requested.Length > 0 && requested != own)
            throw RpcErrors.PermissionDenied($"You may see only your own authority's figures ({own})");
        return own;
    }

    /// <summary>[from, to] as London dates, as instants [start of from, end of to).</summary>
    static (DateTimeOffset? From, DateTimeOffset? To) Period(Date? from, Date? to, bool required, List<(string, string)> violations)
    {
        LocalDate first = default, last = default;
        var hasFrom = from is not null && LondonDates.TryRead(from, out first);
        var hasTo = to is not null && LondonDates.TryRead(to, out last);
        if (from is not null && !hasFrom) violations.Add(("from", "is not a calendar date"));
        if (to is not null && !hasTo) violations.Add(("to", "is not a calendar date"));
        if (required && from is null) violations.Add(("from", "is required"));
        if (required && to is null) violations.Add(("to", "is required"));
        if (hasFrom && hasTo && first > last) violations.Add(("to", "must not be before from"));
        return (hasFrom ? LondonDates.StartOf(first) : null, hasTo ? LondonDates.EndOf(last) : null);
    }

    static Breach ToBreach(ClockRecord c, DateTimeOffset now)
    {
        var breach = new Breach
        {
            Clock = new Clock
            {
                ClockId = c.ClockId,
                Kind = (ClockKind)c.Kind,
                State = c.Times().StateAt(now),
                StartedAt = Timestamp.FromDateTimeOffset(c.StartedAt!.Value),
                DueAt = Timestamp.FromDateTimeOffset(c.DueAt!.Value),
            },
            ContactId = c.ContactId,
            ChildId = c.ChildIds.Count == 1 ? c.ChildIds[0] : "",
            LocalAuthority = c.LocalAuthority,
            Locality = c.Locality,
            Rag = (Rag)c.Rag,
            SubjectId = c.SubjectId,
            HeldBy = c.HeldBy,
        };
        if (c.AtRiskAt is { } atRisk) breach.Clock.AtRiskAt = Timestamp.FromDateTimeOffset(atRisk);
        if (c.MissReason != 0)
        {
            (breach.MissReason, breach.MissNote) = ((MissReason)c.MissReason, c.MissNote);
            breach.MissRecordedBy = new Actor { Subject = c.MissRecordedBy, Role = Role.Manager, LocalAuthority = c.LocalAuthority };
            if (c.MissRecordedAt is { } recordedAt) breach.MissRecordedAt = Timestamp.FromDateTimeOffset(recordedAt);
        }
        if (c.StoppedAt is { } stopped) breach.Clock.StoppedAt = Timestamp.FromDateTimeOffset(stopped);
        return breach;
    }

    static string WriteCursor(DateTimeOffset due, string clockId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{due.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{clockId}"));

    static bool TryReadCursor(string token, out (DateTimeOffset, string)? cursor)
    {
        cursor = null;
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks) return false;
            cursor = (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
            return true;
        }
        catch (FormatException) { return false; }
    }
}
