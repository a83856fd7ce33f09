using Mash.BuildingBlocks.ReferenceData;
using Google.Protobuf;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Domain.Engine;
using Mash.Thresholds.Domain.Facts;
using Mash.Thresholds.Domain.RuleSets;
using Mash.Thresholds.Messaging;

namespace Mash.Thresholds.Triage;

/// <summary>
/// Runs the rules for children and records the result: the first triage of each child of a contact
/// (rule set in force on the day of receipt, pinned from then on) and every re-run on new facts.
/// Each run stores a recommendation and announces its ChildTriaged: a contact's first triage as one
/// ContactTriaged holding every child's, a re-run on its own. An auto_route winner on a child nobody
/// has decided yet is routed by the system at once.
/// </summary>
public sealed class ChildTriage(
    ThresholdsDbContext db,
    RuleSetCatalog catalog,
    LocalityDirectory localities,
    WorkingCalendar calendar,
    Routing routing,
    TimeProvider clock,
    ILogger<ChildTriage> logger)
{
    public void First(ContactReceived received, IReadOnlySet<Guid> alreadyTriaged)
    {
        var contactId = Guid.Parse(received.Header.ContactId);
        var hub = received.Header.LocalAuthority;
        var receivedAt = received.Facts.ReceivedAt.ToDateTimeOffset();
        var day = RuleSetCatalog.LondonDate(receivedAt);
        var childIds = received.Facts.Children.Select(c => c.ChildId).ToList();
        var triaged = new ContactTriaged { Header = ContactEventHeader.Create(contactId, "", hub, EventHeaders.System, clock.GetUtcNow(), received.Header.EventId) };
        var autoRoutes = new List<(TriageItem Item, Recommendation Recommendation, string ChildId)>();

        for (var index = 0; index < received.Facts.Children.Count; index++)
        {
            var child = received.Facts.Children[index];
            var childId = Guid.Parse(child.ChildId);
            if (alreadyTriaged.Contains(childId))
            {
                logger.LogWarning("Contact {ContactId} child {ChildId} was already triaged; the repeated contact event is ignored", contactId, childId);
                continue;
            }

            var place = localities.Find(child.Postcode);
            var authority = place.IsOutside ? hub : place.LocalAuthority;
            // A child of an authority without rules of its own is triaged by the receiving hub's.
            var ruleSet = catalog.InForce(authority, day) ?? catalog.InForce(hub, day)
                ?? throw new InvalidOperationException($"No rule set is in force for {authority} or the hub {hub} on {day:yyyy-MM-dd}");

            var item = new TriageItem
            {
                ContactId = contactId,
                ChildId = childId,
                ChildIndex = index,
                LocalAuthority = authority,
                HubAuthority = hub,
                Locality = place.Locality,
                ReceivedAt = receivedAt,
                Facts = [],
                Status = (int)ChildStatus.Triaged,
                RuleSetId = ruleSet.Id,
                RuleSetVersion = ruleSet.Version,
                ReferralSource = (int)received.Facts.ReferralSource,
                StepUpEpisodeId = received.StepUpEpisodeId,
            };
            db.TriageItems.Add(item);
            var (recommendation, childTriaged) = Run(item, ChildFactsMerge.ForChild(received.Facts, child), place, ruleSet,
                TriageTrigger.ContactReceived, "", received.Header.EventId);
            triaged.Children.Add(childTriaged);
            if (recommendation.AutoRoute) autoRoutes.Add((item, recommendation, child.ChildId));
        }
        // Added before the contact's auto-routings, as each child's triage was.
        if (triaged.Children.Count > 0) db.AddEvent(triaged, clock);
        foreach (var (item, recommendation, childId) in autoRoutes)
            routing.AutoRoute(item, recommendation, received.Header.EventId, childIds.Where(id => id != childId).ToList());
        logger.LogInformation("Contact {ContactId}: {ChildCount} children triaged", contactId, received.Facts.Children.Count);
    }

    /// <summary>Runs the pinned rule set again on new facts for a child not yet routed or withdrawn; false when it does not apply.</summary>
    public async Task<bool> RerunAsync(TriageItem item, ContactFacts facts, TriageTrigger trigger, string triggerId, string causationId, CancellationToken cancellationToken)
    {
        if (item.Withdrawn || item.Status == (int)ChildStatus.Routed) return false;
        var ruleSet = catalog.Find(item.RuleSetId, item.RuleSetVersion)
            ?? throw new InvalidOperationException($"The pinned rule set {item.RuleSetId} v{item.RuleSetVersion} is not loaded");
        var place = localities.Find(facts.Children[0].Postcode);
        var (recommendation, triaged) = Run(item, facts, place, ruleSet, trigger, triggerId, causationId);
        db.AddEvent(triaged, clock);

        if (recommendation.AutoRoute && item.Status == (int)ChildStatus.Triaged && !await routing.HasDecisionsAsync(item, cancellationToken))
            routing.AutoRoute(item, recommendation, causationId, await routing.SiblingsAsync(item, cancellationToken));
        return true;
    }

    /// <summary>Evaluates, stores the recommendation on the item; returns it and its ChildTriaged, for the caller to announce.</summary>
    (Recommendation, ChildTriaged) Run(TriageItem item, ContactFacts facts, ChildPlace place, RuleSet ruleSet, TriageTrigger trigger, string triggerId, string causationId)
    {
        var now = clock.GetUtcNow();
        var recommendation = ThresholdEngine.Evaluate(facts, facts.Children[0], place, ruleSet, calendar, now);
        recommendation.RecommendationId = Guid.CreateVersion7(now).ToString();
        var previous = item.CurrentRecommendationId?.ToString() ?? "";

        item.Facts = facts.ToByteArray();
        item.Locality = place.Locality;
        item.EvaluationCount++;
        item.CurrentRecommendationId = Guid.Parse(recommendation.RecommendationId);
        db.Recommendations.Add(new RecommendationRecord
        {
            Id = item.CurrentRecommendationId.Value,
            ContactId = item.ContactId,
            ChildId = item.ChildId,
            Evaluation = item.EvaluationCount,
            Trigger = (int)trigger,
            TriggerId = triggerId,
            Recommendation = recommendation.ToByteArray(),
            CreatedAt = now,
        });
        var triaged = new ChildTriaged
        {
            Header = EventHeaders.For(item, EventHeaders.System, now, causationId),
            Recommendation = recommendation,
            Trigger = trigger,
            TriggerId = triggerId,
            Evaluation = item.EvaluationCount,
            PreviousRecommendationId = previous,
            Locality = item.Locality,
        };
        logger.LogInformation("Contact {ContactId} child {ChildId} evaluation {Evaluation} ({Trigger}): {Pathway} {Rag} by {RuleSetId} v{Version}, rule {WinningRule}",
            item.ContactId, item.ChildId, item.EvaluationCount, trigger, recommendation.Pathway, recommendation.Rag,
            ruleSet.Id, ruleSet.Version, recommendation.WinningRuleId);
        return (recommendation, triaged);
    }
}
