using Mash.Audit.Data;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>The locality the rules resolved from the child's postcode (the timeliness report's locality filter).</summary>
public sealed class ChildTriagedProjection(AuditDbContext db, TimeProvider clock) : ReportProjection<ChildTriaged>(db, clock)
{
    protected override Task Handle(ChildTriaged message, CancellationToken cancellationToken) =>
        ReportChildColumns.UpsertAsync(Db, message.Header.ContactId, message.Header.ChildId, "locality_at", OccurredAt(message),
            [("locality", message.Locality)], cancellationToken);
}

/// <summary>The MASH outcome of a child; a correction routes again, and the latest routing stands.</summary>
public sealed class ChildRoutedProjection(AuditDbContext db, TimeProvider clock) : ReportProjection<ChildRouted>(db, clock)
{
    protected override async Task Handle(ChildRouted message, CancellationToken cancellationToken)
    {
        var (contactId, childId, at) = (message.Header.ContactId, message.Header.ChildId, OccurredAt(message));
        await ReportChildColumns.UpsertAsync(Db, contactId, childId, "routed_at", at,
        [
            ("decision_id", message.DecisionId),
            ("pathway", (int)message.Pathway),
            ("nfa_reason", (int)message.NfaReason),
            ("level", (int)message.Level),
            ("rag", (int)message.Rag),
            ("routed_referral_source", (int)message.ReferralSource),
            ("already_open", message.AlreadyOpen),
        ], cancellationToken);
        await ReportChildColumns.UpsertAsync(Db, contactId, childId, "locality_at", at, [("locality", message.Locality)], cancellationToken);
    }
}
