using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Thresholds.Data;
using Mash.Thresholds.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Mash.Thresholds.Triage;

/// <summary>
/// Stores decisions and announces them: DecisionRecorded for every decision, ChildRouted when one
/// takes effect and sends the child somewhere, DecisionCountersigned when a manager acts. A decision
/// that routes the moment it is recorded is one message, its ChildRouted carrying its
/// DecisionRecorded: the two were always published together, and each consumer of both (audit)
/// took two deliveries for one transaction. Changes go into the caller's unit of work (and its
/// transaction); nothing is saved here.
/// </summary>
public sealed class Routing(ThresholdsDbContext db, TimeProvider clock, ILogger<Routing> logger)
{
    /// <summary>An auto_route rule won: the system decides (final, the recommendation's pathway) and routes at once.</summary>
    public void AutoRoute(TriageItem item, Recommendation recommendation, string causationId, IReadOnlyList<string> siblings)
    {
        var now = clock.GetUtcNow();
        var decision = new Decision
        {
            DecisionId = Guid.CreateVersion7(now).ToString(),
            ContactId = item.ContactId.ToString(),
            ChildId = item.ChildId.ToString(),
            Stage = DecisionStage.Final,
            Pathway = recommendation.Pathway,
            NfaReason = recommendation.NfaReason,
            Rag = recommendation.Rag,
            Recommendation = recommendation,
            // The winning rule's reason is written for screeners and partners alike.
            ReferrerFeedback = recommendation.FiredRules.FirstOrDefault(r => r.RuleId == recommendation.WinningRuleId)?.Reason ?? "",
            DecidedBy = EventHeaders.System,
            DecidedAt = Timestamp.FromDateTimeOffset(now),
            AutoRoute = true,
            State = DecisionState.InEffect,
        };
        item.Status = (int)ChildStatus.Routed;
        RecordAndRoute(item, decision, EventHeaders.System, causationId, now, siblings);
        logger.LogInformation("Contact {ContactId} child {ChildId} routed {Pathway} by auto_route rule {RuleId}",
            item.ContactId, item.ChildId, decision.Pathway, recommendation.WinningRuleId);
    }

    /// <summary>Stores a new decision (its state as given) and publishes DecisionRecorded, by the decision's decider.</summary>
    public void Record(TriageItem item, Decision decision, string causationId, DateTimeOffset now) =>
        db.AddEvent(Store(item, decision, causationId, now), clock);

    /// <summary>
    /// Stores a new decision that takes effect at once and publishes its ChildRouted (with
    /// <paramref name="actor"/> as whoever made it take effect), the DecisionRecorded inside it.
    /// </summary>
    public void RecordAndRoute(TriageItem item, Decision decision, Actor actor, string causationId, DateTimeOffset now, IEnumerable<string> siblings)
    {
        var routed = ChildRoutedBuilder.Build(item, decision, EventHeaders.For(item, actor, now, causationId), siblings);
        routed.Decision = Store(item, decision, causationId, now);
        db.AddEvent(routed, clock);
    }

    /// <summary>Stores the decision; returns its DecisionRecorded, by the decision's decider.</summary>
    DecisionRecorded Store(TriageItem item, Decision decision, string causationId, DateTimeOffset now)
    {
        db.Decisions.Add(new DecisionRecord
        {
            Id = Guid.Parse(decision.DecisionId),
            ContactId = item.ContactId,
            ChildId = item.ChildId,
            Stage = (int)decision.Stage,
            State = (int)decision.State,
            SupersedesId = decision.SupersedesDecisionId.Length > 0 ? Guid.Parse(decision.SupersedesDecisionId) : null,
            DecidedBySubject = decision.DecidedBy.Subject,
            DecidedByRole = (int)decision.DecidedBy.Role,
            DecidedAt = now,
            Decision = decision.ToByteArray(),
        });
        return new DecisionRecorded
        {
            Header = EventHeaders.For(item, decision.DecidedBy, now, causationId),
            DecisionId = decision.DecisionId,
            Stage = decision.Stage,
            InitialOutcome = decision.InitialOutcome,
            Pathway = decision.Pathway,
            NfaReason = decision.NfaReason,
            Rag = decision.Rag,
            Rationale = decision.Rationale,
            OverridesRecommendation = decision.OverridesRecommendation,
            RecommendationId = decision.Recommendation.RecommendationId,
            RuleSet = decision.Recommendation.RuleSet,
            AutoRoute = decision.AutoRoute,
            AwaitingCountersignature = decision.State == DecisionState.AwaitingCountersignature,
            SupersedesDecisionId = decision.SupersedesDecisionId,
            CorrectionReason = decision.CorrectionReason,
        };
    }

    /// <summary>The decision takes effect: ChildRouted, with <paramref name="actor"/> as whoever made it take effect.</summary>
    public void Route(TriageItem item, Decision decision, Actor actor, string causationId, DateTimeOffset now, IEnumerable<string> siblings) =>
        db.AddEvent(ChildRoutedBuilder.Build(item, decision, EventHeaders.For(item, actor, now, causationId), siblings), clock);

    public void Countersigned(TriageItem item, Decision decision, Actor manager, DateTimeOffset now) =>
        db.AddEvent(new DecisionCountersigned
        {
            Header = EventHeaders.For(item, manager, now),
            DecisionId = decision.DecisionId,
            Approved = decision.Countersignature.Approved,
            Comment = decision.Countersignature.Comment,
        }, clock);

    /// <summary>The other children of the item's contact, in the contact's order.</summary>
    public async Task<List<string>> SiblingsAsync(TriageItem item, CancellationToken cancellationToken) =>
        (await db.TriageItems.AsNoTracking()
            .Where(t => t.ContactId == item.ContactId && t.ChildId != item.ChildId)
            .OrderBy(t => t.ChildIndex)
            .Select(t => t.ChildId)
            .ToListAsync(cancellationToken)).Select(id => id.ToString()).ToList();

    public Task<bool> HasDecisionsAsync(TriageItem item, CancellationToken cancellationToken) =>
        db.Decisions.AnyAsync(d => d.ContactId == item.ContactId && d.ChildId == item.ChildId, cancellationToken);
}
