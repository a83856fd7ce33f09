using System.Runtime.CompilerServices;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.Intake.Grpc;

/// <summary>
/// Who may call each method of mash.intake.v1.IntakeService (the README's access table mirrors this), enforced
/// before the call by authorization and again by <see cref="Demand"/> on the first line of every
/// handler. Finer rules — a partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public static readonly MethodAccess Table = new(IntakeService.Descriptor.FullName, new Dictionary<string, Role[]>
    {
        // A manager submits only early help step-ups (RequestStepUp forwards the manager's own token).
        ["SubmitContact"] = [Partner, Screener, Manager],
        ["GetContact"] = [Partner, Screener, Manager, Auditor],
        ["ListContacts"] = [Partner, Screener, Manager, Auditor],
        ["AddInformation"] = [Partner, Screener],
        ["WithdrawContact"] = [Partner, Screener],
        ["RequestAgencyChecks"] = [Screener],
        ["ListAgencyChecks"] = [Partner, Screener, Manager],
        ["RecordAgencyCheck"] = [Partner],
    });

    /// <summary>The caller, if the table admits their role to the calling handler (its name, filled in by the compiler).</summary>
    public static Actor Demand(ServerCallContext context, [CallerMemberName] string method = "") => Table.Demand(context, method);
}
