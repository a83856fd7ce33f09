using Mash.Contracts.Common.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.Intake.Grpc;

/// <summary>
/// Who may call each method of mash.intake.v1.IntakeService (the README's access table mirrors this). Finer rules — a
/// partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public const string Service = "mash.intake.v1.IntakeService";

    public static readonly IReadOnlyDictionary<string, Role[]> Methods = new Dictionary<string, Role[]>
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
    };
}
