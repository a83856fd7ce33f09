using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Messaging;
using NodaTime;

namespace Mash.EarlyHelp.Grpc;

/// <summary>RecordConsent, AssignLeadProfessional, RecordAssessment and CloseEpisode.</summary>
public sealed partial class EarlyHelpGrpcService
{
    public override async Task<RecordConsentResponse> RecordConsent(RecordConsentRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var now = clock.GetUtcNow();
        ThrowIf(RequestRules.Consent(request, now));
        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (row, episode) = await LockVisibleAsync(request.EpisodeId, context);
        var (effect, refusal) = ConsentRules.Record(episode.Status, request.Decision);
        ThrowIf(refusal);

        var consent = new ConsentRecord
        {
            Decision = request.Decision,
            GivenBy = request.GivenBy.Trim(),
            DecidedAt = request.DecidedAt ?? Timestamp.FromDateTimeOffset(now),
            Note = request.Note.Trim(),
            RecordedBy = caller,
            RecordedAt = Timestamp.FromDateTimeOffset(now),
        };
        episode.Consents.Add(consent);
        row.Store(episode);
        var recorded = EpisodeEvents.ConsentRecorded(episode, consent, now);
        db.AddEvent(recorded, clock);
        if (effect!.CloseWith is { } outcome)
            await closing.CloseAsync(row, episode, outcome, request.Note, consent.RecordedBy, recorded.Header.EventId, cancellationToken);
        else if (effect.Broker)
            await leadProfessionals.BrokerAsync(row, episode, recorded.Header.EventId, cancellationToken);

        await CommitAsync(transaction, cancellationToken);
        logger.LogInformation("Episode {EpisodeId}: consent {Decision}; now {Status}", episode.EpisodeId, request.Decision, episode.Status);
        return new RecordConsentResponse { Episode = episode };
    }

    public override async Task<AssignLeadProfessionalResponse> AssignLeadProfessional(AssignLeadProfessionalRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        ThrowIf(RequestRules.Assign(request));
        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (row, episode) = await LockVisibleAsync(request.EpisodeId, context);
        ThrowIf(await leadProfessionals.AssignAsync(row, episode, request.LeadProfessionalId.Trim(), request.Reason, caller, cancellationToken));
        await CommitAsync(transaction, cancellationToken);
        logger.LogInformation("Episode {EpisodeId}: lead professional {LeadProfessionalId} assigned by a manager", episode.EpisodeId, request.LeadProfessionalId);
        return new AssignLeadProfessionalResponse { Episode = episode };
    }

    /// <summary>Once per idempotency key: a retry gets the same assessment back, with no second assessment or event.</summary>
    public override Task<RecordAssessmentResponse> RecordAssessment(RecordAssessmentRequest request, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        return db.OnceAsync(context, nameof(RecordAssessment), request.IdempotencyKey, request, () => RecordAssessmentAsync(request, actor, context));
    }

    async Task<RecordAssessmentResponse> RecordAssessmentAsync(RecordAssessmentRequest request, Mash.Contracts.Common.V1.Actor caller, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var (row, episode) = await LockVisibleAsync(request.EpisodeId, context);
        ThrowIf(RequestRules.Assessment(request, episode.Children.Count, LondonDate(now), LondonDate(episode.LeadProfessionalClock.StartedAt.ToDateTimeOffset())));
        ThrowIf(EpisodeRules.RecordAssessment(episode));

        // The organisation completing it (Annex A list 2): said, or the lead professional's.
        var organisation = request.CompletedByOrganisation.Trim();
        if (organisation.Length == 0 && episode.LeadProfessional is { } current)
            organisation = directory.Find(current.LeadProfessional.LeadProfessionalId)?.AgencyName ?? current.LeadProfessional.Agency;
        if (organisation.Length == 0)
            ThrowIf(Domain.Refusal.Invalid("completed_by_organisation", "is required while the family has no lead professional"));

        var assessment = new EarlyHelpAssessment
        {
            AssessmentId = Guid.CreateVersion7(now).ToString(),
            AssessmentDate = request.AssessmentDate,
            Needs = { request.Needs },
            Plan = request.Plan.Trim(),
            ReviewDate = request.ReviewDate,
            CompletedByOrganisation = organisation,
            RecordedBy = caller,
            RecordedAt = Timestamp.FromDateTimeOffset(now),
        };
        episode.Assessments.Add(assessment);
        row.Store(episode);
        db.AddEvent(EpisodeEvents.AssessmentRecorded(episode, assessment, now), clock);
        await CommitAsync(transaction, cancellationToken);
        logger.LogInformation("Episode {EpisodeId}: early help assessment {AssessmentId} recorded ({NeedCount} needs)", episode.EpisodeId, assessment.AssessmentId, assessment.Needs.Count);
        return new RecordAssessmentResponse { Assessment = assessment };
    }

    public override async Task<CloseEpisodeResponse> CloseEpisode(CloseEpisodeRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var cancellationToken = context.CancellationToken;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (row, episode) = await LockVisibleAsync(request.EpisodeId, context);
        ThrowIf(EpisodeRules.Close(episode, request.Outcome, request.Note));
        await closing.CloseAsync(row, episode, request.Outcome, request.Note, caller, "", cancellationToken);
        await CommitAsync(transaction, cancellationToken);
        return new CloseEpisodeResponse { Episode = episode };
    }

    static DateOnly LondonDate(DateTimeOffset at) =>
        Instant.FromDateTimeOffset(at).InZone(WorkingCalendar.London).Date.ToDateOnly();
}
