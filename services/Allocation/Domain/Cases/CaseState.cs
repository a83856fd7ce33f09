using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Cases;

/// <summary>What the rules need to know of a case before a change.</summary>
public sealed record CaseState(
    Pathway Pathway,
    AllocationStatus Status,
    DateTimeOffset RoutedAt,
    IReadOnlyList<CaseClock> Clocks,
    bool AssessmentCompleted = false,
    bool ConferenceHeld = false,
    DateTimeOffset? ReferredAt = null,
    IReadOnlyDictionary<ClockKind, Allowance>? ClockAllowances = null)
{
    /// <summary>The allowances of the case's clocks: the rule set's its routing carried, else the defaults.</summary>
    public IReadOnlyDictionary<ClockKind, Allowance> Allowances => ClockAllowances ?? BuildingBlocks.ReferenceData.ClockAllowances.Defaults;

    /// <summary>The point of referral (the contact's receipt); the routing when the routing did not say.</summary>
    public DateTimeOffset Referral => ReferredAt is { } referred && referred < RoutedAt ? referred : RoutedAt;

    public bool IsOpen => Status is AllocationStatus.Queued or AllocationStatus.Allocated;

    /// <summary>Why nothing more can be recorded on a case that has left social care; null while it is open.</summary>
    public string? NotOpen => IsOpen ? null : $"The case is {Describe(Status)}: nothing more can be recorded on it";

    public static string Describe(AllocationStatus status) => status switch
    {
        AllocationStatus.Queued => "queued",
        AllocationStatus.Allocated => "allocated",
        AllocationStatus.SteppedDown => "stepped down to early help",
        AllocationStatus.Closed => "closed",
        _ => "unknown",
    };

    public CaseClock? Running(ClockKind kind) => Clocks.FirstOrDefault(c => c.Kind == kind && c.Running);

    /// <summary>The pathway, status and clocks unchanged: the start of every change.</summary>
    public CaseChange Unchanged() => new(Pathway, Status, Clocks);
}

/// <summary>A case after a change: its pathway, status and every clock (stopped, cancelled or new).</summary>
public sealed record CaseChange(Pathway Pathway, AllocationStatus Status, IReadOnlyList<CaseClock> Clocks)
{
    /// <summary>The case left social care (closed or stepped down): its worker's slot is free.</summary>
    public bool Ends => Status is AllocationStatus.Closed or AllocationStatus.SteppedDown;

    public CaseChange Stop(ClockKind kind, DateTimeOffset at) =>
        this with { Clocks = Clocks.Select(c => c.Kind == kind && c.Running ? c with { StoppedAt = at } : c).ToList() };

    public CaseChange Cancel(ClockKind kind, DateTimeOffset at) =>
        this with { Clocks = Clocks.Select(c => c.Kind == kind && c.Running ? c with { CancelledAt = at } : c).ToList() };

    public CaseChange CancelAll(DateTimeOffset at) =>
        this with { Clocks = Clocks.Select(c => c.Running ? c with { CancelledAt = at } : c).ToList() };

    public CaseChange Add(CaseClock clock) => this with { Clocks = [.. Clocks, clock] };

    /// <summary>The case leaves social care: every clock still running no longer applies.</summary>
    public CaseChange End(AllocationStatus status, DateTimeOffset at) => CancelAll(at) with { Status = status };
}
