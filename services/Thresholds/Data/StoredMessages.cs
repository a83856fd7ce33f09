using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.Thresholds.Data;

/// <summary>The protobuf messages the rows hold, and the row locks that serialise changes to a child.</summary>
public static class StoredMessages
{
    public static ContactFacts ContactFacts(this TriageItem item) => Contracts.Common.V1.ContactFacts.Parser.ParseFrom(item.Facts);

    public static ChildFacts ChildFacts(this TriageItem item) => item.ContactFacts().Children[0];

    public static Recommendation ToMessage(this RecommendationRecord record) => Recommendation.Parser.ParseFrom(record.Recommendation);

    /// <summary>The decision as recorded, with where it stands now and any countersignature.</summary>
    public static Decision ToMessage(this DecisionRecord record)
    {
        var decision = Decision.Parser.ParseFrom(record.Decision);
        decision.State = (DecisionState)record.State;
        if (record.Countersignature is { } countersignature) decision.Countersignature = Countersignature.Parser.ParseFrom(countersignature);
        return decision;
    }

    /// <summary>A child's item, locked until the transaction ends (decisions and re-runs of one child go one at a time).</summary>
    public static async Task<TriageItem?> LockItemAsync(this ThresholdsDbContext db, Guid contactId, Guid childId, CancellationToken cancellationToken) =>
        (await db.TriageItems.FromSql($"SELECT * FROM triage_items WHERE contact_id = {contactId} AND child_id = {childId} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();

    /// <summary>Every item of a contact, locked until the transaction ends, in the order of the contact's children.</summary>
    public static async Task<List<TriageItem>> LockContactAsync(this ThresholdsDbContext db, Guid contactId, CancellationToken cancellationToken) =>
        (await db.TriageItems.FromSql($"SELECT * FROM triage_items WHERE contact_id = {contactId} ORDER BY child_index FOR UPDATE")
            .ToListAsync(cancellationToken)).OrderBy(i => i.ChildIndex).ToList();

    public static async Task<List<DecisionRecord>> DecisionsOfAsync(this ThresholdsDbContext db, TriageItem item, CancellationToken cancellationToken) =>
        await db.Decisions.Where(d => d.ContactId == item.ContactId && d.ChildId == item.ChildId)
            .OrderBy(d => d.DecidedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken);
}
