using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Allocation.Data;
using Mash.Allocation.Domain.Cases;
using Mash.Allocation.Messaging;
using Mash.BuildingBlocks.Data.Idempotency;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Allocation.Grpc;

/// <summary>Child protection: the strategy discussion and the initial child protection conference (<see cref="ChildProtectionRules"/>).</summary>
public sealed partial class AllocationGrpcService
{
    /// <summary>Once per idempotency key: a retry gets the same answer back, with nothing recorded or announced twice.</summary>
    public override Task<RecordStrategyDiscussionResponse> RecordStrategyDiscussion(RecordStrategyDiscussionRequest request, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        return db.OnceAsync(context, nameof(RecordStrategyDiscussion), request.IdempotencyKey, request, () => RecordStrategyDiscussionAsync(request, actor, context));
    }

    async Task<RecordStrategyDiscussionResponse> RecordStrategyDiscussionAsync(RecordStrategyDiscussionRequest request, Actor actor, ServerCallContext context) => new()
    {
        Allocation = await ChangeAsync(actor, request.AllocationId, context,
            (state, now, calendar) => ChildProtectionRules.RecordStrategyDiscussion(request, state, now, calendar),
            (record, change, caller, now) =>
            {
                record.Apply(change.Case, now);
                var discussion = new StrategyDiscussion
                {
                    HeldAt = Timestamp.FromDateTimeOffset(change.HeldAt),
                    Participants = { request.Participants.Select(p => new Participant { AgencyKind = p.AgencyKind, Agency = p.Agency.Trim(), Name = p.Name.Trim(), Role = p.Role.Trim() }) },
                    Outcome = request.Outcome,
                    Notes = request.Notes.Trim(),
                    RecordedBy = caller,
                };
                if (change.ConferenceDue is { } due)
                {
                    discussion.InitialConferenceDate = request.InitialConferenceDate;
                    discussion.InitialConferenceDue = new Date { Year = due.Year, Month = due.Month, Day = due.Day };
                }
                record.Record(r => r.StrategyDiscussions.Add(discussion));
                db.AddEvent(new StrategyDiscussionRecorded
                {
                    Header = EventHeaders.For(record, caller, now),
                    AllocationId = record.Id.ToString(),
                    HeldAt = discussion.HeldAt,
                    ParticipantAgencies = { request.Participants.Select(p => p.AgencyKind).Distinct() },
                    Outcome = request.Outcome,
                    InitialConferenceDate = discussion.InitialConferenceDate,
                    InitialConferenceDue = discussion.InitialConferenceDue,
                    Clocks = { EventHeaders.Clocks(record, calendar, now) },
                }, clock);
            }),
    };

    /// <summary>Once per idempotency key: a retry gets the same answer back, with nothing recorded or announced twice.</summary>
    public override Task<RecordInitialConferenceResponse> RecordInitialConference(RecordInitialConferenceRequest request, ServerCallContext context)
    {
        var actor = Access.Demand(context);
        return db.OnceAsync(context, nameof(RecordInitialConference), request.IdempotencyKey, request, () => RecordInitialConferenceAsync(request, actor, context));
    }

    async Task<RecordInitialConferenceResponse> RecordInitialConferenceAsync(RecordInitialConferenceRequest request, Actor actor, ServerCallContext context) => new()
    {
        Allocation = await ChangeAsync(actor, request.AllocationId, context,
            (state, now, _) => ChildProtectionRules.RecordInitialConference(request, state, now),
            (record, change, caller, now) =>
            {
                record.Apply(change, now);
                record.Record(r => r.InitialConference = new InitialConference { HeldAt = request.HeldAt, Outcome = request.Outcome, Notes = request.Notes.Trim(), RecordedBy = caller });
                db.AddEvent(new InitialConferenceRecorded
                {
                    Header = EventHeaders.For(record, caller, now),
                    AllocationId = record.Id.ToString(),
                    HeldAt = request.HeldAt,
                    Outcome = request.Outcome,
                    Clocks = { EventHeaders.Clocks(record, calendar, now) },
                }, clock);
            }),
    };
}
