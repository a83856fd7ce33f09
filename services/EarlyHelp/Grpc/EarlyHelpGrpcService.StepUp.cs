using Google.Protobuf;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Messaging;

namespace Mash.EarlyHelp.Grpc;

/// <summary>
/// RequestStepUp: a new contact in intake, made as the caller (their own bearer token reads the
/// family's contact and submits the new one), in three steps so that no retry, crash or concurrent
/// call makes two contacts: (1) build the contact and keep its exact bytes on the episode; (2) submit
/// them with the episode's idempotency key (intake replays a repeat); (3) record the new contact id
/// and publish StepUpRequested. A retry after (1) sends the kept bytes again; a retry after (3)
/// answers with what was recorded.
/// </summary>
public sealed partial class EarlyHelpGrpcService
{
    public override async Task<RequestStepUpResponse> RequestStepUp(RequestStepUpRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var cancellationToken = context.CancellationToken;
        var asCaller = new Metadata { { "authorization", context.RequestHeaders.GetValue("authorization") ?? "" } };

        SubmitContactRequest submit;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var (row, episode) = await LockVisibleAsync(request.EpisodeId, context);
            if (IsDone(episode)) return new RequestStepUpResponse { Episode = episode, ContactId = episode.StepUpContactId };
            ThrowIf(RequestRules.StepUp(request, episode.Children.Count));
            ThrowIf(EpisodeRules.StepUp(episode));
            if (row.StepUpRequest is { } pending)
                submit = SubmitContactRequest.Parser.ParseFrom(pending);
            else
            {
                var contacts = new Dictionary<string, Contact>();
                foreach (var contactId in episode.Children.Select(c => c.ContactId).Append(episode.ContactId).Distinct())
                    contacts[contactId] = (await intake.GetContactAsync(new GetContactRequest { ContactId = contactId }, asCaller, cancellationToken: cancellationToken)).Contact;
                var lead = episode.LeadProfessional is { } current ? directory.Find(current.LeadProfessional.LeadProfessionalId) : null;
                var (built, refusal) = StepUpContact.Build(episode, contacts, request, lead, row.StepUps);
                ThrowIf(refusal);
                submit = built!;
                row.StepUpRequest = submit.ToByteArray();
            }
            await CommitAsync(transaction, cancellationToken);
        }

        SubmitContactResponse submitted;
        try
        {
            submitted = await intake.SubmitContactAsync(submit, asCaller, cancellationToken: cancellationToken);
        }
        catch (RpcException refused) when (refused.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.NotFound
            or StatusCode.AlreadyExists or StatusCode.FailedPrecondition or StatusCode.Unauthenticated)
        {
            // Intake refused it, so no contact exists: the next attempt builds the contact afresh.
            await ForgetPendingAsync(request.EpisodeId, submit, cancellationToken);
            throw new RpcException(refused.Status, refused.Trailers);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var (row, episode) = await LockVisibleAsync(request.EpisodeId, context);
            if (!IsDone(episode))
            {
                var now = clock.GetUtcNow();
                episode.StepUpContactId = submitted.ContactId;
                episode.Status = EpisodeStatus.StepUpRequested;
                row.StepUpRequest = null;
                row.StepUps++;
                row.Store(episode);
                db.AddEvent(EpisodeEvents.StepUpRequested(episode, submitted.ContactId, request.Reason.Trim(), caller, now), clock);
                logger.LogInformation("Episode {EpisodeId} stepped up: contact {ContactId} in intake", episode.EpisodeId, submitted.ContactId);
            }
            await CommitAsync(transaction, cancellationToken);
            return new RequestStepUpResponse { Episode = episode, ContactId = episode.StepUpContactId };
        }
    }

    /// <summary>The step-up already reached intake and was recorded (with the MASH, or decided on as social care's).</summary>
    static bool IsDone(Episode episode) =>
        episode.Status == EpisodeStatus.StepUpRequested
        || (episode.Status == EpisodeStatus.Closed && episode.Outcome == EpisodeOutcome.SteppedUp);

    async Task ForgetPendingAsync(string episodeId, SubmitContactRequest submit, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.LockAsync(Guid.Parse(episodeId), cancellationToken);
        if (row?.StepUpRequest is { } pending && pending.AsSpan().SequenceEqual(submit.ToByteArray()))
        {
            row.StepUpRequest = null;
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}
