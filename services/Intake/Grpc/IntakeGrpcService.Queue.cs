using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Grpc;

/// <summary>The screener queue: one row per child, most urgent first.</summary>
public sealed partial class IntakeGrpcService
{
    const int DefaultPageSize = 50, MaxPageSize = 200;

    public override async Task<ListContactsResponse> ListContacts(ListContactsRequest request, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        QueueCursor? after = null;
        if (request.PageToken.Length > 0 && !QueueCursor.TryDecode(request.PageToken, out after))
            violations.Add(("page_token", "is not a token this service issued"));
        if (request.ReceivedFrom is not null && request.ReceivedTo is not null && request.ReceivedFrom.ToDateTimeOffset() >= request.ReceivedTo.ToDateTimeOffset())
            violations.Add(("received_to", "must be after received_from"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var statuses = request.Statuses.Select(s => (int)s).ToList();
        var rags = request.Rags.Select(r => (int)r).ToList();
        var rows = db.ContactChildren.AsNoTracking()
            .Join(db.Contacts, child => child.ContactId, contact => contact.Id, (child, contact) => new
            {
                Child = child,
                Contact = contact,
                DueAt = child.DecisionDeadline ?? contact.ReceivedAt,
            });
        // A partner sees its own agency's contacts; staff their own authority's.
        var caller = context.Actor();
        if (ContactVisibility.MissingScope(caller) is { } missing) throw RpcErrors.PermissionDenied(missing);
        rows = caller.Role == Role.Partner
            ? rows.Where(r => r.Contact.Agency == caller.Agency)
            : rows.Where(r => r.Contact.LocalAuthority == caller.LocalAuthority);
        if (statuses.Count > 0) rows = rows.Where(r => statuses.Contains(r.Child.Status));
        if (rags.Count > 0) rows = rows.Where(r => rags.Contains(r.Child.Rag));
        if (request.LocalAuthority.Length > 0) rows = rows.Where(r => r.Child.LocalAuthority == request.LocalAuthority);
        if (request.Locality.Length > 0) rows = rows.Where(r => r.Child.Locality == request.Locality);
        if (request.ReferrerAgency.Length > 0) rows = rows.Where(r => r.Contact.Agency == request.ReferrerAgency);
        if (request.ReceivedFrom is not null) { var from = request.ReceivedFrom.ToDateTimeOffset(); rows = rows.Where(r => r.Contact.ReceivedAt >= from); }
        if (request.ReceivedTo is not null) { var to = request.ReceivedTo.ToDateTimeOffset(); rows = rows.Where(r => r.Contact.ReceivedAt < to); }
        if (after is not null)
            rows = rows.Where(r => r.DueAt > after.DueAt
                || (r.DueAt == after.DueAt && (r.Contact.ReceivedAt > after.ReceivedAt
                    || (r.Contact.ReceivedAt == after.ReceivedAt && r.Child.Id.CompareTo(after.RowId) > 0))));

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await rows.OrderBy(r => r.DueAt).ThenBy(r => r.Contact.ReceivedAt).ThenBy(r => r.Child.Id)
            .Take(pageSize + 1).ToListAsync(context.CancellationToken);

        var contactIds = page.Select(r => r.Contact.Id).Distinct().ToList();
        var openChecks = await db.AgencyChecks.AsNoTracking()
            .Where(c => contactIds.Contains(c.ContactId) && c.State == (int)AgencyCheckState.Open)
            .Select(c => new { c.ContactId, c.ChildIds }).ToListAsync(context.CancellationToken);

        var response = new ListContactsResponse();
        foreach (var row in page.Take(pageSize))
        {
            var item = QueueItems.From(row.Child, row.Contact);
            item.OpenChecks = openChecks.Count(c => c.ContactId == row.Contact.Id && c.ChildIds.Contains(row.Child.ChildId));
            response.Items.Add(ContactVisibility.SeesReferrerViewOnly(caller) ? QueueItems.ReferrerView(item) : item);
        }
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = new QueueCursor(last.DueAt, last.Contact.ReceivedAt, last.Child.Id).Encode();
        }
        // A queue row shows a child's name, age and concerns: the page is one read of those children's records.
        await db.RecordViewedAsync(context, "intake", response.Items.Select(i => i.ChildId).Distinct().ToList(), "", caller.LocalAuthority, clock: clock);
        return response;
    }
}
