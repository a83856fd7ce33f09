using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Messaging;

static class ChildRows
{
    /// <summary>
    /// The row of a child in a contact, as an event's header names them, locked until the consumer's
    /// transaction ends; null when intake does not hold it. Locked: consumers of different events
    /// (ChildTriaged, ChildRouted ...) run at once, and without the lock the later commit wrote back
    /// the status it had read, so a routed child could fall back to triaged (seen by deploy/mash chaos
    /// when a backlog delivered both together).
    /// </summary>
    public static async Task<ContactChildRecord?> FindAsync(this IntakeDbContext db, string contactId, string childId, CancellationToken cancellationToken) =>
        Guid.TryParse(contactId, out var contact) && Guid.TryParse(childId, out var child)
            ? (await db.ContactChildren.FromSql($"SELECT * FROM contact_children WHERE contact_id = {contact} AND child_id = {child} FOR UPDATE")
                .ToListAsync(cancellationToken)).SingleOrDefault()
            : null;

    /// <summary>The child ids an event names that intake could hold (well-formed), each once.</summary>
    public static Guid[] Ids(IEnumerable<string> childIds) =>
        [.. childIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct()];

    /// <summary>Whether an event's header names a contact and child as intake keys them (ids it could hold).</summary>
    public static bool Names(EventHeader header) => Guid.TryParse(header.ContactId, out _) && Guid.TryParse(header.ChildId, out _);

    /// <summary>The contact and child an event's header names (see <see cref="Names"/>).</summary>
    public static (Guid Contact, Guid Child) Key(EventHeader header) => (Guid.Parse(header.ContactId), Guid.Parse(header.ChildId));

    /// <summary>
    /// The effect of triages on the contact's children (a contact's first, all of them; a re-run,
    /// one): each is triaged unless further on, with its RAG rating, decision deadline, locality and
    /// the recommendation the screener sees. One statement for <see cref="InboxStatementConsumer{TEvent, TDbContext}"/>.
    /// </summary>
    public static FormattableString Triaged(Guid contactId, IReadOnlyList<ChildTriaged> children) => $$"""
        UPDATE contact_children AS c
           SET status = CASE WHEN c.status = ANY({{ChildStatusRules.Replaces(ChildStatus.Triaged)}}) THEN {{(int)ChildStatus.Triaged}} ELSE c.status END,
               local_authority = t.local_authority, locality = t.locality, rag = t.rag, decision_deadline = t.decision_deadline,
               recommendation = t.recommendation
          FROM unnest({{children.Select(c => Key(c.Header).Child).ToArray()}}::uuid[],
                      {{children.Select(c => c.Header.LocalAuthority).ToArray()}}::text[],
                      {{children.Select(c => c.Locality).ToArray()}}::text[],
                      {{children.Select(c => (int)c.Recommendation.Rag).ToArray()}}::integer[],
                      {{children.Select(c => c.Recommendation.DecisionDeadline?.ToDateTime()).ToArray()}}::timestamptz[],
                      {{children.Select(c => Google.Protobuf.MessageExtensions.ToByteArray(c.Recommendation)).ToArray()}}::bytea[])
               AS t (child_id, local_authority, locality, rag, decision_deadline, recommendation)
         WHERE c.contact_id = {{contactId}} AND c.child_id = t.child_id AND EXISTS (SELECT FROM claimed)
        """;

    public static void MoveTo(this ContactChildRecord row, ChildStatus status) =>
        row.Status = (int)ChildStatusRules.Advance((ChildStatus)row.Status, status);

    /// <summary>
    /// Applies what an event changed to the child's open pathways: the closed ones go (and the
    /// contacts routed to them show closed), an opened one is added or refreshed, a plan is marked.
    /// </summary>
    public static async Task ApplyAsync(this IntakeDbContext db, IEnumerable<string> childIds, OpeningChange change, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var ids = Ids(childIds);
        if (ids.Length == 0) return;
        var closed = change.Close.Where(p => p != change.Open).Select(p => (int)p).ToList();
        if (closed.Count > 0)
        {
            db.ChildOpenings.RemoveRange(await db.ChildOpenings.Where(o => ids.Contains(o.ChildId) && closed.Contains(o.Pathway)).ToListAsync(cancellationToken));
        }
        // A case that goes on under another pathway (CP to CIN) has not closed for the referrer.
        if (closed.Count > 0 && change.Open == Pathway.Unspecified)
        {
            var routed = await db.ContactChildren
                .Where(c => ids.Contains(c.ChildId) && c.Status == (int)ChildStatus.Routed && closed.Contains(c.Pathway))
                .ToListAsync(cancellationToken);
            foreach (var row in routed) row.MoveTo(ChildStatus.Closed);
        }
        if (change.Open == Pathway.Unspecified) return;
        foreach (var id in ids) await db.OpenAsync(id, change.Open, at, change.Plan, cancellationToken);
    }

    /// <summary>The child is open to the pathway from <paramref name="at"/> (a plan, once made, stays until the CP row closes).</summary>
    public static async Task OpenAsync(this IntakeDbContext db, Guid childId, Pathway pathway, DateTimeOffset at, bool plan, CancellationToken cancellationToken)
    {
        var opening = await db.ChildOpenings.SingleOrDefaultAsync(o => o.ChildId == childId && o.Pathway == (int)pathway, cancellationToken)
            ?? db.ChildOpenings.Local.SingleOrDefault(o => o.ChildId == childId && o.Pathway == (int)pathway);
        if (opening is null) db.ChildOpenings.Add(new ChildOpening { ChildId = childId, Pathway = (int)pathway, OpenedAt = at, OnChildProtectionPlan = plan });
        else
        {
            opening.OpenedAt = at;
            opening.OnChildProtectionPlan |= plan;
        }
    }
}
