using System.Runtime.CompilerServices;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Audit.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.Audit.Grpc;

/// <summary>
/// Who may call each method of mash.audit.v1.AuditService (the README's access table mirrors this), enforced
/// before the call by authorization and again by <see cref="Demand"/> on the first line of every
/// handler. Finer rules — a partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public static readonly MethodAccess Table = new(AuditService.Descriptor.FullName, new Dictionary<string, Role[]>
    {
        ["GetDecisionTrail"] = [Screener, Manager, Auditor],
        ["VerifyTrail"] = [Manager, Auditor],
        ["GetTimelinessReport"] = [Manager, Auditor],
        ["ListBreaches"] = [Manager, Auditor],
        // Why a clock was missed is a manager's account of their service; auditors read it.
        ["RecordMissReason"] = [Manager],
        ["ExportAnnexA"] = [Manager, Auditor],
        // A partner sees only its own agency's feedback (checked by the method).
        ["GetReferrerFeedback"] = [Partner, Manager, Auditor],
    });

    /// <summary>The caller, if the table admits their role to the calling handler (its name, filled in by the compiler).</summary>
    public static Actor Demand(ServerCallContext context, [CallerMemberName] string method = "") => Table.Demand(context, method);
}
