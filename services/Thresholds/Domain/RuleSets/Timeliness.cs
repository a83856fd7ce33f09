using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>The timeliness targets of a rule set (defaults: red 4 hours, amber 1 working day, green 3; the later clocks as ClockAllowances; overridable per file).</summary>
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
        ClockAllowances.Defaults);
}
