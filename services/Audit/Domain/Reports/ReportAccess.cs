using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Reports;

/// <summary>Whose figures a report caller may read; <see cref="Refusal"/> is set when none.</summary>
/// <param name="LocalAuthority">Empty means every authority (a partner's own contacts wherever they went).</param>
/// <param name="Agency">Empty means every agency.</param>
public sealed record ReportScope(string LocalAuthority, string Agency, string? Refusal = null)
{
    public static ReportScope Refused(string why) => new("", "", why);
}

/// <summary>
/// Who reads which report (the method's roles are in Grpc/Access.cs). Staff read their own
/// authority's reports only: an empty local_authority means their own, another one is refused.
/// A partner reads the feedback on its own agency's contacts only, in any authority it referred to.
/// </summary>
public static class ReportAccess
{
    /// <summary>Timeliness report and Annex A: the caller's own authority.</summary>
    public static ReportScope OwnAuthority(Actor caller, string requestedAuthority)
    {
        if (caller.Role is not (Role.Manager or Role.Auditor or Role.Screener))
            return ReportScope.Refused("only local authority staff read authority reports");
        if (caller.LocalAuthority.Length == 0)
            return ReportScope.Refused("the token names no local authority");
        if (requestedAuthority.Length > 0 && requestedAuthority != caller.LocalAuthority)
            return ReportScope.Refused($"staff of {caller.LocalAuthority} read only their own authority's reports");
        return new ReportScope(caller.LocalAuthority, "");
    }

    /// <summary>Referrer feedback: staff any agency of their authority; a partner its own agency only.</summary>
    public static ReportScope ReferrerFeedback(Actor caller, string requestedAuthority, string requestedAgency)
    {
        if (caller.Role != Role.Partner)
        {
            var staff = OwnAuthority(caller, requestedAuthority);
            return staff.Refusal is null ? staff with { Agency = requestedAgency } : staff;
        }
        if (caller.Agency.Length == 0)
            return ReportScope.Refused("the token names no agency");
        if (requestedAgency.Length > 0 && requestedAgency != caller.Agency)
            return ReportScope.Refused($"a partner reads only its own agency's feedback ({caller.Agency})");
        return new ReportScope(requestedAuthority, caller.Agency);
    }
}
