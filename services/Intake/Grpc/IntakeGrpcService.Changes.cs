using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
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

/// <summary>Changes to a contact after submission: added information and withdrawal.</summary>
public sealed partial class IntakeGrpcService
{
    /// <summary>Once per idempotency key: a retry gets the same addition back, with no second addition or event.</summary>
    public override Task<AddInformationResponse> AddInformation(AddInformationRequest submitted, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        return db.OnceAsync(context, nameof(AddInformation), submitted.IdempotencyKey, submitted, () => AddInformationAsync(submitted, actor, context));
    }

    async Task<AddInformationResponse> AddInformationAsync(AddInformationRequest submitted, Actor actor, ServerCallContext context)
    {
        var request = ContactNormaliser.Normalise(submitted);
        var contact = await OpenContactAsync(request.ContactId, context);
        var stored = ContactMapper.Submitted(contact);
        var now = clock.GetUtcNow();
        var earlier = contact.Additions.OrderBy(a => a.AddedAt).Select(a => AddedInformation.Parser.ParseFrom(a.Information)).ToList();
        var hasDomesticAbuse = RiskRules.HasDomesticAbuse(ContactAdditions.Merge(stored, earlier).Concerns);
        var result = new AddInformationValidator(stored.Children.Count, DateOnly.FromDateTime(now.UtcDateTime), hasDomesticAbuse).Validate(request);
        if (!result.IsValid) throw RpcErrors.InvalidArgument(result.Errors.Select(e => (e.PropertyName, e.ErrorMessage)));

        var information = new AddedInformation
        {
            InformationId = Guid.CreateVersion7(now).ToString(),
            AddedAt = Timestamp.FromDateTimeOffset(now),
            AddedBy = actor,
            Text = request.Text,
            Concerns = { request.Concerns },
            Household = { request.Household },
            ImmediateRisk = request.ImmediateRisk,
            DomesticAbuseRisk = request.DomesticAbuseRisk,
            PreviousChildrenRemoved = request.PreviousChildrenRemoved,
            CareProceedings = request.CareProceedings,
            ChildRisks = { request.ChildRisks },
        };
        db.Add(new ContactAddition { Id = Guid.Parse(information.InformationId), ContactId = contact.Id, AddedAt = now, Information = information.ToByteArray() });

        // The rules re-run on the whole contact as it now stands.
        var merged = ContactAdditions.Merge(stored, earlier.Append(information));
        var histories = new List<ChildHistory>();
        foreach (var child in contact.Children.OrderBy(c => c.ChildIndex))
            histories.Add(await matcher.HistoryAsync(child.ChildId, before: contact.ReceivedAt, context.CancellationToken));
        db.AddEvent(new ContactInformationAdded
        {
            Header = EventHeaders.For(contact, actor, now),
            InformationId = information.InformationId,
            Facts = ContactFactsBuilder.Build(merged, histories, contact.ReceivedAt),
        }, clock);
        await db.SaveChangesAsync(context.CancellationToken);
        return new AddInformationResponse { Information = information };
    }

    public override async Task<WithdrawContactResponse> WithdrawContact(WithdrawContactRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var reason = request.Reason.Trim();
        if (reason.Length == 0 || reason.Length > Limits.ShortText)
            throw RpcErrors.InvalidArgument([("reason", $"is required (at most {Limits.ShortText} characters)")]);
        var contact = await OpenContactAsync(request.ContactId, context);

        var now = clock.GetUtcNow();
        contact.WithdrawnAt = now;
        contact.WithdrawalReason = reason;
        foreach (var child in contact.Children) child.Status = (int)ChildStatus.Withdrawn;
        db.AddEvent(new ContactWithdrawn
        {
            Header = EventHeaders.For(contact, caller, now),
            ChildIds = { contact.Children.OrderBy(c => c.ChildIndex).Select(c => c.ChildId.ToString()) },
            Reason = reason,
        }, clock);
        await db.SaveChangesAsync(context.CancellationToken);
        return new WithdrawContactResponse { ContactId = contact.Id.ToString(), WithdrawnAt = Timestamp.FromDateTimeOffset(now) };
    }

    /// <summary>A contact the caller may see that can still change: not withdrawn, and no child of it decided yet.</summary>
    async Task<ContactRecord> OpenContactAsync(string contactId, ServerCallContext context)
    {
        if (!Guid.TryParse(contactId, out var id))
            throw RpcErrors.InvalidArgument([("contact_id", "must be a contact id (a UUID)")]);
        var contact = await db.Contacts.Include(c => c.Children).Include(c => c.Additions)
            .SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken);
        if (contact is null || !ContactVisibility.CanSee(context.Actor(), contact.Agency, contact.LocalAuthority))
            throw RpcErrors.NotFound($"Contact {contactId}");
        if (contact.WithdrawnAt is not null)
            throw RpcErrors.FailedPrecondition("The contact was withdrawn");
        if (contact.Children.Any(c => c.Status is (int)ChildStatus.Routed or (int)ChildStatus.Closed))
            throw RpcErrors.FailedPrecondition("A child of this contact has been decided: submit a new contact instead");
        return contact;
    }
}
