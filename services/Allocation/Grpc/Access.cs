using Mash.Contracts.Common.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.Allocation.Grpc;

/// <summary>
/// Who may call each method of mash.allocation.v1.AllocationService (the README's access table mirrors this). Finer rules — a
/// partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public const string Service = "mash.allocation.v1.AllocationService";

    public static readonly IReadOnlyDictionary<string, Role[]> Methods = new Dictionary<string, Role[]>
    {
        ["GetAllocation"] = [Screener, Manager, Auditor],
        ["ListCaseload"] = [Screener, Manager, Auditor],
        ["Reallocate"] = [Manager],
        ["RecordStrategyDiscussion"] = [Screener, Manager],
        ["RecordChildSeen"] = [Screener, Manager],
        ["CompleteAssessment"] = [Screener, Manager],
        ["RequestStepDown"] = [Screener, Manager],
        ["RecordInitialConference"] = [Screener, Manager],
    };
}
