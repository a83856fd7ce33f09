using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Allocation.Domain.Clocks;

/// <summary>
/// The statutory clocks of a case, which allocation owns: it starts, stops and cancels them and
/// announces each change with the case's events (audit follows them, raising the alerts). Strategy
/// discussion (CP, same working day from routing), child seen (5 working days from the referral),
/// assessment (45 working days from the referral, Working Together to Safeguard Children 2023),
/// initial child protection conference (15 working days from the strategy discussion that started
/// a s47 enquiry, Working Together 2023). Same day and 5 days are this product's defaults where the
/// guidance leaves the timescale to local protocol. Allowances are the rule set's the routing carried
/// (<see cref="ClockAllowances.With"/>: an authority may set its own), else
/// <see cref="ClockAllowances.Defaults"/>; deadlines <see cref="WorkingCalendar.Deadline"/>.
/// </summary>
public static class StatutoryClocks
{
    /// <summary>
    /// The clocks a routing to social care starts, by pathway (the conference clock starts at a s47
    /// strategy discussion). An unborn child has no "child seen" clock: it could only breach; the
    /// pre-birth assessment and, for child protection, the strategy discussion are its steps.
    /// </summary>
    public static IReadOnlyList<ClockKind> StartedByRouting(Pathway pathway, bool unborn = false) => (pathway, unborn) switch
    {
        (Pathway.ChildProtection, false) => [ClockKind.StrategyDiscussion, ClockKind.ChildSeen, ClockKind.AssessmentCompleted],
        (Pathway.ChildProtection, true) => [ClockKind.StrategyDiscussion, ClockKind.AssessmentCompleted],
        (Pathway.ChildInNeed, false) => [ClockKind.ChildSeen, ClockKind.AssessmentCompleted],
        (Pathway.ChildInNeed, true) => [ClockKind.AssessmentCompleted],
        _ => [],
    };

    /// <summary>Whether the routed child was not yet born when referred (the contact gave an expected date of birth).</summary>
    public static bool Unborn(ChildRouted routed) => routed.BirthCase == ChildRouted.BirthOneofCase.ExpectedDateOfBirth;

    /// <summary>
    /// When a clock a routing starts counts from. Child seen and assessment count from the point of
    /// referral (the receipt of the contact that became the referral, as Working Together and the
    /// CIN census count them), never from a later internal step; the strategy discussion from the
    /// routing, when the s47 threshold was found met. A routing that does not say when the referral
    /// came counts from itself.
    /// </summary>
    public static DateTimeOffset StartOf(ClockKind kind, DateTimeOffset routedAt, DateTimeOffset? referredAt) =>
        kind is ClockKind.ChildSeen or ClockKind.AssessmentCompleted && referredAt is { } referred && referred < routedAt ? referred : routedAt;

    /// <summary>The clocks a routing starts (<see cref="StartedByRouting"/>), each from its own start point (<see cref="StartOf"/>).</summary>
    public static IReadOnlyList<CaseClock> StartRouting(WorkingCalendar calendar, Pathway pathway, DateTimeOffset routedAt, DateTimeOffset? referredAt,
        bool unborn = false, IReadOnlyDictionary<ClockKind, Allowance>? allowances = null) =>
        [.. StartedByRouting(pathway, unborn).Select(kind => Start(calendar, kind, StartOf(kind, routedAt, referredAt), allowances))];

    /// <summary>A clock of <paramref name="kind"/> from <paramref name="start"/>, with the case's allowances (the defaults when none are given).</summary>
    public static CaseClock Start(WorkingCalendar calendar, ClockKind kind, DateTimeOffset start, IReadOnlyDictionary<ClockKind, Allowance>? allowances = null) =>
        new(Guid.CreateVersion7(start), kind, start, calendar.Deadline(start, (allowances ?? ClockAllowances.Defaults)[kind]));

    /// <summary>
    /// A clock as the API shows it and the case's events announce it: its times, its at-risk
    /// instant and its state at <paramref name="now"/> (<see cref="ClockStates"/>, the rule audit
    /// shows clocks by too).
    /// </summary>
    public static Clock ToMessage(CaseClock clock, WorkingCalendar calendar, DateTimeOffset now)
    {
        var atRisk = calendar.AtRisk(clock.StartedAt, clock.DueAt);
        var message = new Clock
        {
            ClockId = clock.Id.ToString(),
            Kind = clock.Kind,
            State = ClockStates.At(now, clock.DueAt, atRisk, clock.StoppedAt, clock.CancelledAt),
            StartedAt = Stored(clock.StartedAt),
            DueAt = Stored(clock.DueAt),
        };
        if (clock.StoppedAt is { } stopped) message.StoppedAt = Stored(stopped);
        if (clock.CancelledAt is { } cancelled) message.CancelledAt = Stored(cancelled);
        if (atRisk is { } at) message.AtRiskAt = Stored(at);
        return message;
    }

    /// <summary>An instant as the case's row keeps it: a clock announced as it changes reads the same when read back later.</summary>
    static Timestamp Stored(DateTimeOffset instant) => Timestamp.FromDateTimeOffset(StoredTime.Of(instant));

    /// <summary>Where a clock stands at <paramref name="now"/>.</summary>
    public static ClockState StateAt(CaseClock clock, DateTimeOffset now, WorkingCalendar calendar) =>
        ClockStates.At(now, clock.DueAt, calendar.AtRisk(clock.StartedAt, clock.DueAt), clock.StoppedAt, clock.CancelledAt);

    /// <summary>The calendar date (Europe/London) of an instant, e.g. the last day an ICPC may be held on.</summary>
    public static NodaTime.LocalDate LondonDate(DateTimeOffset instant) =>
        NodaTime.Instant.FromDateTimeOffset(instant).InZone(WorkingCalendar.London).Date;
}
