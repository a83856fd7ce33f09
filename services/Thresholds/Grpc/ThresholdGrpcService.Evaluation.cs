using Mash.BuildingBlocks.ReferenceData;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Engine;
using Mash.Thresholds.Domain.Evaluation;
using Mash.Thresholds.Domain.Facts;
using Mash.Thresholds.Domain.RuleSets;
using RuleSet = Mash.Thresholds.Domain.RuleSets.RuleSet;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Mash.Thresholds.Grpc;

/// <summary>
/// EvaluateContact: the rules as a dry run on given facts (anyone the table admits: a partner may ask
/// "what if") or on a stored contact (staff of the hub that received it: the facts are a child's
/// record). Stores nothing.
/// </summary>
public sealed partial class ThresholdGrpcService
{
    public override async Task<EvaluateContactResponse> EvaluateContact(EvaluateContactRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var violations = EvaluationRequestRules.Validate(request);
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations.Select(v => (v.Field, v.Description)));

        var children = request.SourceCase == EvaluateContactRequest.SourceOneofCase.Facts
            ? request.Facts.Children.Select(child => new Evaluated(ChildFactsMerge.ForChild(request.Facts, child), caller.LocalAuthority)).ToList()
            : await StoredChildrenAsync(Guid.Parse(request.ContactId), caller, context.CancellationToken);

        var evaluateAt = request.EvaluateAt?.ToDateTimeOffset()
            ?? children[0].Facts.ReceivedAt?.ToDateTimeOffset()
            ?? clock.GetUtcNow();
        var day = RuleSetCatalog.LondonDate(evaluateAt);
        RuleSet? named = null;
        if (request.RuleSetId.Length > 0)
        {
            named = request.Version > 0 ? catalog.Find(request.RuleSetId, request.Version) : catalog.InForceById(request.RuleSetId, day);
            if (named is null)
                throw RpcErrors.NotFound(request.Version > 0
                    ? $"Rule set {request.RuleSetId} version {request.Version}"
                    : $"A version of rule set {request.RuleSetId} in force on {day:yyyy-MM-dd}");
        }

        var response = new EvaluateContactResponse();
        for (var index = 0; index < children.Count; index++)
        {
            var (facts, hub) = children[index];
            // A what-if without a receipt time is received at the instant it is evaluated at.
            facts.ReceivedAt ??= Timestamp.FromDateTimeOffset(evaluateAt);
            var child = facts.Children[0];
            var place = localities.Find(child.Postcode);
            var ruleSet = named ?? InForceFor(place, hub, day, index);
            response.Children.Add(new ChildEvaluation
            {
                ChildIndex = index,
                ChildId = child.ChildId,
                LocalAuthority = place.LocalAuthority,
                Locality = place.Locality,
                Recommendation = ThresholdEngine.Evaluate(facts, child, place, ruleSet, calendar, evaluateAt),
            });
        }
        return response;
    }

    /// <summary>A child's facts to evaluate, and the hub whose rules apply when the postcode is outside every authority.</summary>
    sealed record Evaluated(ContactFacts Facts, string Hub);

    RuleSet InForceFor(ChildPlace place, string hub, LocalDate day, int index)
    {
        var authority = place.IsOutside ? hub : place.LocalAuthority;
        if (authority.Length == 0)
            throw RpcErrors.InvalidArgument([("rule_set_id", $"is required: children[{index}]'s postcode is outside every authority and your sign-in names none")]);
        return catalog.InForce(authority, day) ?? (place.IsOutside ? null : catalog.InForce(hub, day))
            ?? throw RpcErrors.NotFound($"A rule set of {authority} in force on {day:yyyy-MM-dd}");
    }

    /// <summary>The facts stored for each child of a contact as of its latest evaluation, if the caller is staff who may see the contact.</summary>
    async Task<List<Evaluated>> StoredChildrenAsync(Guid contactId, Actor caller, CancellationToken cancellationToken)
    {
        if (caller.Role == Role.Partner)
            throw RpcErrors.PermissionDenied("A partner evaluates the facts it sends (facts); a stored contact is evaluated by the hub's staff");
        var items = await db.TriageItems.AsNoTracking().Where(t => t.ContactId == contactId).OrderBy(t => t.ChildIndex).ToListAsync(cancellationToken);
        if (items.Count == 0 || !items.All(item => StaffSees(caller, item))) throw RpcErrors.NotFound($"Contact {contactId}");
        return items.Select(item => new Evaluated(item.ContactFacts(), item.HubAuthority)).ToList();
    }
}
