using Mash.Contracts.Common.V1;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.EarlyHelp.Grpc;

/// <summary>
/// Who may call each method of mash.earlyhelp.v1.EarlyHelpService (the README's access table mirrors this). Finer rules — a
/// partner's own agency, staff's own authority — are checked where the record is read.
/// </summary>
public static class Access
{
    public const string Service = "mash.earlyhelp.v1.EarlyHelpService";

    public static readonly IReadOnlyDictionary<string, Role[]> Methods = new Dictionary<string, Role[]>
    {
        ["GetEpisode"] = [Screener, Manager, Auditor],
        ["ListEpisodes"] = [Screener, Manager, Auditor],
        ["RecordConsent"] = [Screener, Manager],
        ["AssignLeadProfessional"] = [Manager],
        ["RecordAssessment"] = [Screener, Manager],
        ["RequestStepUp"] = [Screener, Manager],
        ["CloseEpisode"] = [Screener, Manager],
    };
}
