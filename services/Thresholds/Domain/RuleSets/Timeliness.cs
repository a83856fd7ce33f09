using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>How long a clock allows: exactly one of elapsed hours, working days or the same working day.</summary>
public sealed record Allowance(int? Hours = null, int? WorkingDays = null, bool SameWorkingDay = false);

/// <summary>The timeliness targets of a rule set (defaults from the design, overridable per file).</summary>
public sealed record Timeliness(
    IReadOnlyDictionary<Rag, Allowance> MashDecision,
    Allowance ReferralDecisionMax,
    IReadOnlyDictionary<ClockKind, Allowance> Clocks)
{
    public static Timeliness Defaults { get; } = new(
        new Dictionary<Rag, Allowance>
        {
            [Rag.Red] = new(Hours: 4),
            [Rag.Amber] = new(WorkingDays: 1),
            [Rag.Green] = new(WorkingDays: 3),
        },
        new Allowance(WorkingDays: 1),
        new Dictionary<ClockKind, Allowance>
        {
            [ClockKind.LeadProfessionalAllocated] = new(Hours: 48),
            [ClockKind.StrategyDiscussion] = new(SameWorkingDay: true),
            [ClockKind.ChildSeen] = new(WorkingDays: 5),
            [ClockKind.InitialChildProtectionConference] = new(WorkingDays: 15),
            [ClockKind.AssessmentCompleted] = new(WorkingDays: 45),
        });
}
