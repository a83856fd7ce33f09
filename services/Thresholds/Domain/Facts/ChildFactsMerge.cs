using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.Facts;

/// <summary>
/// The facts the rules run on for one child, as they grow: a triage item keeps the contact's facts
/// with that child only, and later facts (an agency's indicators, information added) are merged in.
/// Concerns are only ever added, so a re-run can raise the recommendation but never lose a concern.
/// </summary>
public static class ChildFactsMerge
{
    /// <summary>The contact's facts narrowed to one child.</summary>
    public static ContactFacts ForChild(ContactFacts contact, ChildFacts child)
    {
        var facts = contact.Clone();
        facts.Children.Clear();
        facts.Children.Add(child.Clone());
        return facts;
    }

    /// <summary>The stored facts with these concerns added to the child (each category and subject once).</summary>
    public static ContactFacts AddConcerns(ContactFacts stored, IEnumerable<ConcernFact> added)
    {
        var facts = stored.Clone();
        var child = facts.Children[0];
        foreach (var concern in added)
            if (concern.Category != ConcernCategory.Unspecified && !child.Concerns.Any(c => Same(c, concern)))
                child.Concerns.Add(concern.Clone());
        return facts;
    }

    /// <summary>
    /// The contact's new facts for this child, keeping the concerns learnt earlier (from agency
    /// checks) that the new facts do not repeat; null when the new facts no longer hold the child.
    /// </summary>
    public static ContactFacts? Update(ContactFacts stored, ContactFacts incoming, string childId)
    {
        var child = incoming.Children.FirstOrDefault(c => c.ChildId == childId);
        if (child is null) return null;
        var facts = ForChild(incoming, child);
        // Ages and the decision clock stay as at receipt.
        facts.ReceivedAt = stored.ReceivedAt ?? incoming.ReceivedAt;
        return AddConcerns(facts, stored.Children[0].Concerns);
    }

    static bool Same(ConcernFact a, ConcernFact b) => a.Category == b.Category && a.Subject == b.Subject;
}
