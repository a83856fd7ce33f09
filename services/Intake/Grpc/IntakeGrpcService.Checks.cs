using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;
using Mash.Intake.Domain.Validation;
using Mash.Intake.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Grpc;

/// <summary>
/// Multi-agency checks: a screener asks the hub's partner agencies what they hold about the children
/// and household; each agency works its own queue and answers; each answer goes to the rules.
/// </summary>
public sealed partial class IntakeGrpcService
{
    /// <summary>Once per idempotency key: a retry gets the same checks back, with no second set of checks or event.</summary>
    public override Task<RequestAgencyChecksResponse> RequestAgencyChecks(RequestAgencyChecksRequest request, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        return db.OnceAsync(context, nameof(RequestAgencyChecks), request.IdempotencyKey, request, () => RequestAgencyChecksAsync(request, actor, context));
    }

    async Task<RequestAgencyChecksResponse> RequestAgencyChecksAsync(RequestAgencyChecksRequest request, Actor actor, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        if (request.Agencies.Count == 0) violations.Add(("agencies", "name at least one agency to ask"));
        for (var i = 0; i < request.Agencies.Count; i++)
            if (!System.Enum.IsDefined(request.Agencies[i]) || request.Agencies[i] == AgencyKind.Unspecified)
                violations.Add(($"agencies[{i}]", "is not a known agency kind"));
        if (request.Agencies.Distinct().Count() != request.Agencies.Count) violations.Add(("agencies", "must not name an agency twice"));
        if (request.Question.Trim().Length > Limits.Detail) violations.Add(("question", $"at most {Limits.Detail} characters"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var contact = await OpenContactAsync(request.ContactId, context);
        var children = request.ChildIds.Count == 0
            ? contact.Children.OrderBy(c => c.ChildIndex).ToList()
            : request.ChildIds.Select((id, i) => contact.Children.FirstOrDefault(c => c.ChildId.ToString() == id)
                ?? throw RpcErrors.InvalidArgument([($"child_ids[{i}]", "is not a child of this contact")])).ToList();
        var dueAt = AgencyCheckRules.DueAt(children.Select(c => c.DecisionDeadline))
            ?? throw RpcErrors.FailedPrecondition("The children have not been triaged yet: checks are due by the decision deadline their RAG rating sets");
        var missing = request.Agencies.Where(kind => checkOptions.PartnerFor(kind) is null).ToList();
        if (missing.Count > 0)
            throw RpcErrors.FailedPrecondition($"The hub has no partner agency configured for: {string.Join(", ", missing)}");

        var now = clock.GetUtcNow();
        var rag = (Rag)children.Where(c => c.DecisionDeadline == dueAt).Select(c => c.Rag).First();
        var checks = request.Agencies.Select(kind => new AgencyCheckRecord
        {
            Id = Guid.CreateVersion7(now),
            ContactId = contact.Id,
            ChildIds = children.Select(c => c.ChildId).ToList(),
            AgencyKind = (int)kind,
            Agency = checkOptions.PartnerFor(kind)!,
            LocalAuthority = children.Select(c => c.LocalAuthority).FirstOrDefault(a => a.Length > 0) ?? contact.LocalAuthority,
            Question = request.Question.Trim(),
            Rag = (int)rag,
            RequestedAt = now,
            DueAt = dueAt,
            RequestedBy = actor.ToByteArray(),
            State = (int)AgencyCheckState.Open,
        }).ToList();
        db.AgencyChecks.AddRange(checks);
        db.AddEvent(new AgencyChecksRequested
        {
            Header = EventHeaders.For(contact, actor, now),
            Checks = { checks.Select(c => new AgencyCheckRef { CheckId = c.Id.ToString(), AgencyKind = (AgencyKind)c.AgencyKind, Agency = c.Agency, DueAt = Timestamp.FromDateTimeOffset(c.DueAt) }) },
            ChildIds = { children.Select(c => c.ChildId.ToString()) },
            Rag = rag,
        }, clock);
        await db.SaveChangesAsync(context.CancellationToken);

        var stored = ContactMapper.Submitted(contact);
        return new RequestAgencyChecksResponse { Checks = { checks.Select(c => AgencyChecks.ToMessage(c, contact, stored)) } };
    }

    public override async Task<ListAgencyChecksResponse> ListAgencyChecks(ListAgencyChecksRequest request, ServerCallContext context)
    {
        // A partner lists its own agency's checks; staff name the agency whose queue they look at.
        var caller = Access.Demand(context);
        var agency = request.Agency.Length > 0 ? request.Agency : caller.Agency;
        if (caller.Role == Role.Partner && agency != caller.Agency)
            throw RpcErrors.PermissionDenied("A partner lists only its own agency's checks");
        var violations = new List<(string, string)>();
        if (agency.Length == 0) violations.Add(("agency", "is required"));
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        QueueCursor? after = null;
        if (request.PageToken.Length > 0 && !QueueCursor.TryDecode(request.PageToken, out after)) violations.Add(("page_token", "is not a token this service issued"));
        Guid? contactId = null;
        if (request.ContactId.Length > 0) { if (Guid.TryParse(request.ContactId, out var id)) contactId = id; else violations.Add(("contact_id", "must be a contact id (a UUID)")); }
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);

        var states = request.States.Count == 0 ? [(int)AgencyCheckState.Open] : request.States.Select(s => (int)s).ToList();
        var query = db.AgencyChecks.AsNoTracking().Where(c => c.Agency == agency && states.Contains(c.State));
        if (caller.Role != Role.Partner) query = query.Where(c => db.Contacts.Any(k => k.Id == c.ContactId && k.LocalAuthority == caller.LocalAuthority));
        if (request.AgencyKind != AgencyKind.Unspecified) query = query.Where(c => c.AgencyKind == (int)request.AgencyKind);
        if (contactId is not null) query = query.Where(c => c.ContactId == contactId);
        if (request.LocalAuthority.Length > 0) query = query.Where(c => c.LocalAuthority == request.LocalAuthority);
        if (after is not null) query = query.Where(c => c.DueAt > after.DueAt || (c.DueAt == after.DueAt && c.Id.CompareTo(after.RowId) > 0));

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await query.OrderBy(c => c.DueAt).ThenBy(c => c.Id).Take(pageSize + 1).ToListAsync(context.CancellationToken);
        var contactIds = page.Select(c => c.ContactId).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Include(c => c.Children).Where(c => contactIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => (Record: c, Submitted: ContactMapper.Submitted(c)), context.CancellationToken);

        var response = new ListAgencyChecksResponse();
        foreach (var check in page.Take(pageSize))
        {
            var (contact, submitted) = contacts[check.ContactId];
            response.Checks.Add(AgencyChecks.ToMessage(check, contact, submitted));
        }
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = new QueueCursor(last.DueAt, last.DueAt, last.Id).Encode();
        }
        // A check shows the children it asks about and, once answered, what the agency holds on them:
        // reading the queue is reading their records, in the trail of the hub that asked (one view per contact).
        foreach (var shown in response.Checks.GroupBy(c => c.ContactId))
            db.AddViewed(context, "intake", shown.SelectMany(c => c.ChildIds).Distinct().ToList(), shown.Key,
                contacts[Guid.Parse(shown.Key)].Record.LocalAuthority, shown.Count() == 1 ? shown.Single().CheckId : "", clock);
        await db.SaveChangesAsync(context.CancellationToken);
        return response;
    }

    public override async Task<RecordAgencyCheckResponse> RecordAgencyCheck(RecordAgencyCheckRequest request, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        if (!Guid.TryParse(request.CheckId, out var checkId))
            throw RpcErrors.InvalidArgument([("check_id", "must be a check id (a UUID)")]);
        var check = await db.AgencyChecks.SingleOrDefaultAsync(c => c.Id == checkId, context.CancellationToken);
        // Only the asked agency answers; to anyone else the check does not exist.
        if (check is null || check.Agency != actor.Agency)
            throw RpcErrors.NotFound($"Agency check {request.CheckId}");
        var contact = await db.Contacts.Include(c => c.Children).SingleAsync(c => c.Id == check.ContactId, context.CancellationToken);
        var result = new RecordAgencyCheckValidator(contact.Children.Count).Validate(request);
        if (!result.IsValid) throw RpcErrors.InvalidArgument(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
        if (check.State != (int)AgencyCheckState.Open)
            throw RpcErrors.FailedPrecondition($"The check is {(AgencyCheckState)check.State}, not open");

        var now = clock.GetUtcNow();
        var answer = new AgencyCheckAnswer
        {
            Finding = request.Finding,
            Summary = request.Summary.Trim(),
            Indicators = { request.Indicators },
            AnsweredAt = Timestamp.FromDateTimeOffset(now),
            AnsweredBy = actor,
            Late = AgencyCheckRules.IsLate(now, check.DueAt),
        };
        check.State = (int)AgencyCheckState.Answered;
        check.Answer = answer.ToByteArray();
        db.AddEvent(new AgencyCheckCompleted
        {
            Header = EventHeaders.For(contact, actor, now),
            CheckId = check.Id.ToString(),
            AgencyKind = (AgencyKind)check.AgencyKind,
            Agency = check.Agency,
            ChildIds = { check.ChildIds.Select(id => id.ToString()) },
            Finding = request.Finding,
            Indicators = { request.Indicators.Select(i => new ConcernFact { Category = i.Category, Subject = i.Subject }) },
            RequestedAt = Timestamp.FromDateTimeOffset(check.RequestedAt),
            DueAt = Timestamp.FromDateTimeOffset(check.DueAt),
            Late = answer.Late,
        }, clock);
        await db.SaveChangesAsync(context.CancellationToken);
        return new RecordAgencyCheckResponse { Check = AgencyChecks.ToMessage(check, contact, ContactMapper.Submitted(contact)) };
    }
}
