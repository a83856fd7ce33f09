using Mash.Contracts.Common.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.Thresholds.Grpc;

/// <summary>
/// Who may call each method of mash.thresholds.v1.ThresholdService (the README's access table mirrors this). Finer rules — a
/// partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public const string Service = "mash.thresholds.v1.ThresholdService";

    public static readonly IReadOnlyDictionary<string, Role[]> Methods = new Dictionary<string, Role[]>
    {
        // What-if evaluation stores nothing: partners and rule authors may ask.
        ["EvaluateContact"] = [Partner, Screener, Manager, Auditor],
        ["GetRecommendation"] = [Screener, Manager, Auditor],
        ["RecordDecision"] = [Screener, Manager],
        ["CountersignDecision"] = [Manager],
        ["ListRuleSets"] = [Partner, Screener, Manager, Auditor],
        ["GetRuleSet"] = [Partner, Screener, Manager, Auditor],
    };
}
