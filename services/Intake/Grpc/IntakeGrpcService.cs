using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;
using Mash.Intake.Domain.Validation;
using Mash.Intake.Messaging;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mash.Intake.Grpc;

/// <summary>
/// The contact API: submitting and reading contacts here; the screener's queue, changes to a
/// contact and agency checks in the other parts of this class.
/// </summary>
public sealed partial class IntakeGrpcService(
    IntakeDbContext db, ChildMatcher matcher, AgencyRegistry agencies, LocalityDirectory localities, StepUpCheck stepUps,
    Microsoft.Extensions.Options.IOptions<AgencyCheckOptions> partners, TimeProvider clock, ILogger<IntakeGrpcService> logger)
    : IntakeService.IntakeServiceBase
{
    readonly AgencyCheckOptions checkOptions = partners.Value;

    public override async Task<SubmitContactResponse> SubmitContact(SubmitContactRequest submitted, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var cancellationToken = context.CancellationToken;
        var request = ContactNormaliser.Normalise(submitted);
        Validate(request, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var agency = request.Referrer.Agency;
        if (!ContactVisibility.MaySubmitAs(caller, agency, stepUp: request.StepUpEpisodeId.Length > 0))
            throw RpcErrors.PermissionDenied(caller.Role == Role.Manager
                ? "A manager submits only early help step-ups (step_up_episode_id set)"
                : "A partner submits contacts as its own agency: referrer.agency must be the agency of your sign-in");
        var requestHash = RequestDigest.Of(request);

        var existing = await FindByIdempotencyKeyAsync(agency, request.IdempotencyKey, cancellationToken);
        if (existing is not null)
            return Replay(existing, requestHash);

        var hub = ReceivingHub.For(caller, request.Children.Select(c => c.Address.Postcode).ToList(), agencies, localities);
        if (hub.Violations.Count > 0) throw RpcErrors.InvalidArgument(hub.Violations);
        if (!hub.Found) throw RpcErrors.FailedPrecondition(hub.Precondition);
        if (request.StepUpEpisodeId.Length > 0) await stepUps.VerifyAsync(submitted, caller, context);

        var identities = request.Children.Select(Identity).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await matcher.LockAsync(identities, cancellationToken);
        // Received once the match keys are held: the lock decides which of two contacts about one
        // child came first, and the second must find the first among its earlier contacts.
        var receivedAt = clock.GetUtcNow();
        var histories = await matcher.MatchAsync(identities, receivedAt, cancellationToken);
        var contact = new ContactRecord
        {
            Id = Guid.CreateVersion7(receivedAt),
            Agency = agency,
            IdempotencyKey = request.IdempotencyKey,
            RequestHash = requestHash,
            LocalAuthority = hub.LocalAuthority,
            ReceivedAt = receivedAt,
            Request = request.ToByteArray(),
        };
        for (var index = 0; index < request.Children.Count; index++)
        {
            var (identity, history) = (identities[index], histories[index]);
            contact.Children.Add(new ContactChildRecord
            {
                Id = Guid.CreateVersion7(receivedAt),
                ChildIndex = index,
                ChildId = history.ChildId,
                Status = (int)ChildStatus.Received,
                NhsNumber = identity.NhsNumber,
                GivenNamesKey = identity.GivenNamesKey,
                FamilyNameKey = identity.FamilyNameKey,
                DateOfBirth = identity.DateOfBirth,
                Postcode = identity.Postcode,
                RepeatContact = history.IsRepeatContact(receivedAt),
                ContactsInLast12Months = history.ContactsInLast12Months(receivedAt),
                AlreadyOpen = history.AlreadyOpen,
            });
        }
        db.Contacts.Add(contact);
        db.AddEvent(new ContactReceived
        {
            Header = EventHeaders.For(contact, caller, receivedAt),
            Facts = ContactFactsBuilder.Build(request, histories, receivedAt),
            StepUpEpisodeId = request.StepUpEpisodeId,
        }, clock);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "uq_contacts_agency_idempotency_key" })
        {
            // A concurrent retry with the same key won the race: answer with its contact.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            existing = await FindByIdempotencyKeyAsync(agency, request.IdempotencyKey, cancellationToken);
            return Replay(existing!, requestHash);
        }

        logger.LogInformation("Contact {ContactId} received by the hub of {LocalAuthority} ({HubSource}) with {ChildCount} children ({RepeatCount} repeat)",
            contact.Id, contact.LocalAuthority, hub.Source, contact.Children.Count, contact.Children.Count(c => c.RepeatContact));
        return ToResponse(contact, replayed: false);
    }

    public override async Task<GetContactResponse> GetContact(GetContactRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        if (!Guid.TryParse(request.ContactId, out var contactId))
            throw RpcErrors.InvalidArgument([("contact_id", "must be a contact id (a UUID)")]);

        var record = await db.Contacts.AsNoTracking().Include(c => c.Children).Include(c => c.Additions)
            .SingleOrDefaultAsync(c => c.Id == contactId, context.CancellationToken);
        if (record is null || !ContactVisibility.CanSee(caller, record.Agency, record.LocalAuthority))
            throw RpcErrors.NotFound($"Contact {request.ContactId}");
        var shownChildren = record.Children.OrderBy(c => c.ChildIndex).Select(c => c.ChildId.ToString()).ToList();
        if (ContactVisibility.SeesReferrerViewOnly(caller))
        {
            var referrerView = new GetContactResponse { Contact = ContactMapper.ToReferrerView(record, caller), View = ContactView.Referrer };
            await db.RecordViewedAsync(context, "intake", shownChildren, record.Id.ToString(), record.LocalAuthority, clock: clock);
            return referrerView;
        }

        var childIds = record.Children.Select(c => c.ChildId).ToList();
        var earlier = await db.ContactChildren.AsNoTracking()
            .Where(c => childIds.Contains(c.ChildId) && c.ContactId != contactId)
            .Join(db.Contacts, c => c.ContactId, contact => contact.Id, (child, contact) => new EarlierRow(child, contact))
            .ToListAsync(context.CancellationToken);
        var earlierByChild = earlier.Where(e => e.Contact.ReceivedAt < record.ReceivedAt).ToLookup(e => e.Child.ChildId);

        var submitted = ContactMapper.Submitted(record);
        var contact = ContactMapper.ToContact(record, submitted, earlierByChild);
        var checks = await db.AgencyChecks.AsNoTracking().Where(c => c.ContactId == contactId).OrderBy(c => c.RequestedAt).ToListAsync(context.CancellationToken);
        contact.AgencyChecks.AddRange(checks.Select(c => AgencyChecks.ToMessage(c, record, submitted)));
        var response = new GetContactResponse { Contact = contact, View = ContactView.Full };
        await db.RecordViewedAsync(context, "intake", shownChildren, record.Id.ToString(), record.LocalAuthority, clock: clock);
        return response;
    }

    static ChildIdentity Identity(Child child) => ChildIdentity.Of(
        child.NhsNumber, child.GivenNames, child.FamilyName,
        child.DateOfBirth is null ? null : ChildAge.ToDateOnly(child.DateOfBirth),
        child.Address?.Postcode ?? "");

    static void Validate(SubmitContactRequest request, DateOnly receivedOn)
    {
        var result = SubmitContactValidator.For(receivedOn).Validate(request);
        if (!result.IsValid)
            throw RpcErrors.InvalidArgument(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)));
    }

    Task<ContactRecord?> FindByIdempotencyKeyAsync(string agency, string key, CancellationToken cancellationToken) =>
        db.Contacts.AsNoTracking().Include(c => c.Children)
            .SingleOrDefaultAsync(c => c.Agency == agency && c.IdempotencyKey == key, cancellationToken);

    static SubmitContactResponse Replay(ContactRecord existing, byte[] requestHash) =>
        RequestDigest.ReplayOrRefuse(existing.RequestHash, requestHash, () => ToResponse(existing, replayed: true));

    static SubmitContactResponse ToResponse(ContactRecord contact, bool replayed) => new()
    {
        ContactId = contact.Id.ToString(),
        ReceivedAt = Timestamp.FromDateTimeOffset(contact.ReceivedAt),
        Replayed = replayed,
        Children =
        {
            contact.Children.OrderBy(c => c.ChildIndex).Select(c => new SubmittedChild
            {
                ChildIndex = c.ChildIndex, ChildId = c.ChildId.ToString(), Status = (ChildStatus)c.Status,
            }),
        },
    };
}
