using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Allocation.Data;
using Mash.Allocation.Domain;
using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Domain.Clocks;
using Mash.Allocation.Messaging;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Allocation.Grpc;

/// <summary>Visits, the assessment and stepping down to early help (<see cref="AssessmentRules"/>).</summary>
public sealed partial class AllocationGrpcService
{
    /// <summary>Once per idempotency key: a retry gets the same answer back, with nothing recorded or announced twice.</summary>
    public override Task<RecordChildSeenResponse> RecordChildSeen(RecordChildSeenRequest request, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        return db.OnceAsync(context, nameof(RecordChildSeen), request.IdempotencyKey, request, () => RecordChildSeenAsync(request, actor, context));
    }

    async Task<RecordChildSeenResponse> RecordChildSeenAsync(RecordChildSeenRequest request, Actor actor, ServerCallContext context) => new()
    {
        Allocation = await ChangeAsync(actor, request.AllocationId, context,
            (state, now, _) => AssessmentRules.RecordChildSeen(request, state, now),
            (record, change, caller, now) =>
            {
                record.Apply(change.Case, now);
                var seenAt = Timestamp.FromDateTimeOffset(change.At);
                record.Record(r => r.Visits.Add(new ChildSeen { SeenAt = seenAt, SeenAlone = request.SeenAlone, Notes = request.Notes.Trim(), RecordedBy = caller }));
                db.AddEvent(new ChildSeenRecorded
                {
                    Header = EventHeaders.For(record, caller, now),
                    AllocationId = record.Id.ToString(),
                    SeenAt = seenAt,
                    SeenAlone = request.SeenAlone,
                    Clocks = { EventHeaders.Clocks(record, calendar, now) },
                }, clock);
            }),
    };

    public override async Task<CompleteAssessmentResponse> CompleteAssessment(CompleteAssessmentRequest request, ServerCallContext context) => new()
    {
        Allocation = await ChangeAsync(Access.Demand(context), request.AllocationId, context,
            (state, now, calendar) => AssessmentRules.CompleteAssessment(request, state, now, calendar),
            (record, change, caller, now) =>
            {
                record.Apply(change.Case, now);
                var assessment = new SocialCareAssessment
                {
                    CompletedAt = Timestamp.FromDateTimeOffset(change.At),
                    Outcome = request.Outcome,
                    PrimaryNeed = request.PrimaryNeed,
                    Factors = { request.Factors },
                    NoFactorsIdentified = request.NoFactorsIdentified,
                    Summary = request.Summary.Trim(),
                    RecordedBy = caller,
                };
                record.Record(r => r.Assessment = assessment);
                db.AddEvent(new AssessmentCompleted
                {
                    Header = EventHeaders.For(record, caller, now),
                    AllocationId = record.Id.ToString(),
                    CompletedAt = assessment.CompletedAt,
                    Outcome = assessment.Outcome,
                    PrimaryNeed = assessment.PrimaryNeed,
                    Factors = { assessment.Factors },
                    NoFactorsIdentified = assessment.NoFactorsIdentified,
                    Clocks = { EventHeaders.Clocks(record, calendar, now) },
                }, clock);
                if (request.Outcome == AssessmentOutcome.StepDownToEarlyHelp) StepDown(record, request.StepDownReason, request.StepDownNeeds, caller, now);
            }),
    };

    public override async Task<RequestStepDownResponse> RequestStepDown(RequestStepDownRequest request, ServerCallContext context) => new()
    {
        Allocation = await ChangeAsync(Access.Demand(context), request.AllocationId, context,
            (state, now, _) => AssessmentRules.RequestStepDown(request, state, now),
            (record, change, caller, now) =>
            {
                record.Apply(change, now);
                StepDown(record, request.Reason, request.Needs, caller, now);
            }),
    };

    /// <summary>
    /// Records the step-down and asks early help to open an episode (StepDownRequested) with what its
    /// brokerage needs: postcode, locality, date of birth and age, setting, the family (sibling group)
    /// and the needs, which are the ones handed on or, when none are named, the concerns the child
    /// was routed with. Free text stays here; the bus carries the categories.
    /// </summary>
    void StepDown(AllocationRecord record, string reason, IEnumerable<Concern> needs, Actor caller, DateTimeOffset now)
    {
        var routed = record.Routing();
        var handedOn = needs.Select(n => new Concern { Category = n.Category, Subject = n.Subject, Detail = n.Detail.Trim() }).ToList();
        record.Record(r => r.StepDown = new StepDown
        {
            Reason = reason.Trim(),
            Needs = { handedOn },
            RequestedAt = Timestamp.FromDateTimeOffset(now),
            RequestedBy = caller,
        });
        var requested = new StepDownRequested
        {
            Header = EventHeaders.For(record, caller, now),
            AllocationId = record.Id.ToString(),
            Reason = reason.Trim(),
            Needs =
            {
                handedOn.Count > 0
                    ? handedOn.Select(n => new ConcernFact { Category = n.Category, Subject = n.Subject })
                    : routed.Concerns,
            },
            Postcode = routed.Postcode,
            Locality = record.Locality,
            AgeYears = ChildAge.YearsOn(routed.DateOfBirth, StatutoryClocks.LondonDate(now), routed.AgeYears),
            Setting = routed.Setting ?? new Setting(),
            SiblingGroupId = record.SiblingGroupId,
            Clocks = { EventHeaders.Clocks(record, calendar, now) },
            ClockAllowances = { routed.ClockAllowances },
        };
        if (routed.DateOfBirth is not null) requested.DateOfBirth = routed.DateOfBirth;
        if (routed.ExpectedDateOfBirth is not null) requested.ExpectedDateOfBirth = routed.ExpectedDateOfBirth;
        db.AddEvent(requested, clock);
    }
}
