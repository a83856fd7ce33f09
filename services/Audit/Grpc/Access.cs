using Mash.Contracts.Common.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.Audit.Grpc;

/// <summary>
/// Who may call each method of mash.audit.v1.AuditService (the README's access table mirrors this). Finer rules — a
/// partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public const string Service = "mash.audit.v1.AuditService";

    public static readonly IReadOnlyDictionary<string, Role[]> Methods = new Dictionary<string, Role[]>
    {
        ["GetDecisionTrail"] = [Screener, Manager, Auditor],
        ["VerifyTrail"] = [Manager, Auditor],
        ["GetTimelinessReport"] = [Manager, Auditor],
        ["ListBreaches"] = [Manager, Auditor],
        ["ExportAnnexA"] = [Manager, Auditor],
        // A partner sees only its own agency's feedback (checked by the method).
        ["GetReferrerFeedback"] = [Partner, Manager, Auditor],
    };
}
