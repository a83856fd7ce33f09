using System.Runtime.CompilerServices;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.EarlyHelp.Grpc;

/// <summary>
/// Who may call each method of mash.earlyhelp.v1.EarlyHelpService (the README's access table mirrors this), enforced
/// before the call by authorization and again by <see cref="Demand"/> on the first line of every
/// handler. Finer rules — a partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public static readonly MethodAccess Table = new(EarlyHelpService.Descriptor.FullName, new Dictionary<string, Role[]>
    {
        ["GetEpisode"] = [Screener, Manager, Auditor],
        ["ListEpisodes"] = [Screener, Manager, Auditor],
        ["RecordConsent"] = [Screener, Manager],
        ["AssignLeadProfessional"] = [Manager],
        ["RecordAssessment"] = [Screener, Manager],
        ["RequestStepUp"] = [Screener, Manager],
        ["CloseEpisode"] = [Screener, Manager],
        ["ListLeadProfessionals"] = [Screener, Manager, Auditor],
    });

    /// <summary>The caller, if the table admits their role to the calling handler (its name, filled in by the compiler).</summary>
    public static Actor Demand(ServerCallContext context, [CallerMemberName] string method = "") => Table.Demand(context, method);
}
