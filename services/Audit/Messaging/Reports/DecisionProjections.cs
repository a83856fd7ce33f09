using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>The locality the rules resolved from the child's postcode (the timeliness report's locality filter).</summary>
public sealed class ChildTriagedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<ChildTriaged>(writes, clock)
{
    protected override Task Handle(ChildTriaged message, CancellationToken cancellationToken) =>
        ReportChildColumns.UpsertAsync(Writes, message.Header.ContactId, message.Header.ChildId, "locality_at", OccurredAt(message),
            [("locality", message.Locality)], cancellationToken);
}

/// <summary>The MASH outcome of a child; a correction routes again, and the latest routing stands.</summary>
public sealed class ChildRoutedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<ChildRouted>(writes, clock)
{
    protected override async Task Handle(ChildRouted message, CancellationToken cancellationToken)
    {
        var (contactId, childId, at) = (message.Header.ContactId, message.Header.ChildId, OccurredAt(message));
        await ReportChildColumns.UpsertAsync(Writes, contactId, childId, "routed_at", at,
        [
            ("decision_id", message.DecisionId),
            ("pathway", (int)message.Pathway),
            ("nfa_reason", (int)message.NfaReason),
            ("level", (int)message.Level),
            ("rag", (int)message.Rag),
            ("routed_referral_source", (int)message.ReferralSource),
            ("already_open", message.AlreadyOpen),
            ("winning_rule_id", message.WinningRuleId),
            ("overrides_recommendation", message.OverridesRecommendation),
        ], cancellationToken);
        await ReportChildColumns.UpsertAsync(Writes, contactId, childId, "locality_at", at, [("locality", message.Locality)], cancellationToken);
    }
}
