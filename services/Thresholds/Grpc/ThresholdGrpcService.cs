using Mash.BuildingBlocks.ReferenceData;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Decisions;
using Mash.Thresholds.Domain.RuleSets;
using Mash.Thresholds.Hosting;
using Mash.Thresholds.Triage;

namespace Mash.Thresholds.Grpc;

/// <summary>
/// The threshold API: what-if evaluation, recommendations, decisions and countersignatures, and the
/// rule sets loaded. One partial class per concern.
/// </summary>
public sealed partial class ThresholdGrpcService(
    ThresholdsDbContext db,
    RuleSetCatalog catalog,
    RuleSetLoadTimes loadTimes,
    LocalityDirectory localities,
    WorkingCalendar calendar,
    Routing routing,
    TimeProvider clock,
    ILogger<ThresholdGrpcService> logger) : ThresholdService.ThresholdServiceBase
{
    /// <summary>
    /// Staff see, and decide, the children of contacts their own authority's hub received: the rule
    /// intake applies to the contact itself, so a child's recommendation is never shown where its
    /// contact is not. Anyone else is told the child does not exist.
    /// </summary>
    static bool StaffSees(Actor caller, TriageItem item) =>
        caller.Role is Role.Screener or Role.Manager or Role.Auditor
        && caller.LocalAuthority.Length > 0
        && caller.LocalAuthority == item.HubAuthority;

    static (Guid ContactId, Guid ChildId) ParseChild(string contactId, string childId)
    {
        var violations = new List<(string, string)>();
        if (!Guid.TryParse(contactId, out var contact)) violations.Add(("contact_id", "must be a contact id (a UUID)"));
        if (!Guid.TryParse(childId, out var child)) violations.Add(("child_id", "must be a child id (a UUID)"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);
        return (contact, child);
    }

    static RpcException ToRpc(Refusal refusal) => refusal.Kind switch
    {
        RefusalKind.InvalidArgument => RpcErrors.InvalidArgument(refusal.Violations.Select(v => (v.Field, v.Description))),
        RefusalKind.PermissionDenied => RpcErrors.PermissionDenied(refusal.Message),
        _ => RpcErrors.FailedPrecondition(refusal.Message),
    };
}
