using Google.Protobuf.WellKnownTypes;
using Mash.Audit.Domain.Clocks;
using Mash.Audit.Tests.Domain;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Tests.Service;

/// <summary>The events the other services publish, built for tests (ids, codes and flags only, as on the bus).</summary>
public static class Events
{
    public static readonly Actor Screener = new() { Subject = "screener-walsall", Role = Role.Screener, LocalAuthority = "walsall" };
    public static readonly Actor Thresholds = new() { Subject = "thresholds", Role = Role.System };

    public static RuleSetRef RuleSet => new() { RuleSetId = "walsall-levels-of-need", Version = 3, ContentHash = new string('a', 64) };

    public static EventHeader Header(string contactId, string childId = "", DateTimeOffset? at = null, Actor? actor = null, string authority = "walsall") => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(at ?? DateTimeOffset.UtcNow),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = authority,
        Actor = actor ?? Screener,
        CorrelationId = contactId,
    };

    public static Timestamp Ts(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static ContactReceived Received(string contactId, DateTimeOffset at, string authority = "walsall", params string[] children) => new()
    {
        Header = Header(contactId, at: at, authority: authority),
        Facts = new ContactFacts
        {
            ReferralSource = ReferralSource.Police, ReferrerAgency = "wmp", ReferrerAgencyKind = AgencyKind.Police, ReceivedAt = Ts(at),
            Children = { children.Select(c => new ChildFacts { ChildId = c, AgeYears = 7, Postcode = "WS1 1TP" }) },
        },
    };

    public static ChildTriaged Triaged(string contactId, string childId, DateTimeOffset at, Rag rag, DateTimeOffset deadline, int evaluation = 1) => new()
    {
        Header = Header(contactId, childId, at, Thresholds),
        Evaluation = evaluation,
        Trigger = TriageTrigger.ContactReceived,
        Locality = "walsall-south",
        Recommendation = new Recommendation
        {
            RecommendationId = Guid.NewGuid().ToString(), Level = LevelOfNeed.EarlyHelp, Pathway = Pathway.EarlyHelp, Rag = rag,
            DecisionDeadline = Ts(deadline), RuleSet = RuleSet, WinningRuleId = "WAL-010", EvaluatedAt = Ts(at),
        },
    };

    public static DecisionRecorded Decided(string contactId, string childId, DateTimeOffset at, Pathway pathway) => new()
    {
        Header = Header(contactId, childId, at),
        DecisionId = Guid.NewGuid().ToString(), Stage = DecisionStage.Final, Pathway = pathway, Rag = Rag.Amber, RuleSet = RuleSet,
        Rationale = "Professional reasoning (fictional).",
    };

    public static ChildRouted Routed(string contactId, string childId, DateTimeOffset at, Pathway pathway, string locality = "walsall-south") => new()
    {
        Header = Header(contactId, childId, at),
        DecisionId = Guid.NewGuid().ToString(), Pathway = pathway, Rag = Rag.Amber, Level = LevelOfNeed.Complex, RuleSet = RuleSet, Locality = locality,
        SiblingGroupId = contactId,
    };

    /// <summary>
    /// A case clock as allocation announces it with the case's events (allocation owns them; audit
    /// takes the times as given). Due, unless given, as allocation works it out, on the Christmas 2026 calendar.
    /// </summary>
    public static Clock CaseClock(ClockKind kind, DateTimeOffset start, DateTimeOffset? due = null) => new()
    {
        ClockId = Guid.NewGuid().ToString(), Kind = kind, StartedAt = Ts(start),
        DueAt = Ts(due ?? ClockPlanTests.Christmas.Deadline(start, ClockAllowances.Defaults[kind])),
    };

    public static Clock Stopped(this Clock clock, DateTimeOffset at)
    {
        var stopped = clock.Clone();
        stopped.StoppedAt = Ts(at);
        return stopped;
    }

    /// <summary>The id audit keeps a case clock under: its kind and allocation's id for it.</summary>
    public static string AuditId(this Clock clock) => ClockIds.ForSubject(clock.Kind, clock.ClockId);

    public static CaseAllocated Allocated(string contactId, string childId, DateTimeOffset at, string allocationId, string locality, string teamId, string workerId,
        params Clock[] clocks) => new()
    {
        Header = Header(contactId, childId, at), AllocationId = allocationId, Pathway = Pathway.ChildInNeed, Locality = locality, TeamId = teamId, WorkerId = workerId,
        Clocks = { clocks },
    };

    public static AllocationQueued Queued(string contactId, string childId, DateTimeOffset at, string allocationId, string locality, string authority = "walsall",
        params Clock[] clocks) => new()
    {
        Header = Header(contactId, childId, at, authority: authority), AllocationId = allocationId, Pathway = Pathway.ChildInNeed, Locality = locality,
        Reason = QueueReason.NoCapacity, Clocks = { clocks },
    };
}
