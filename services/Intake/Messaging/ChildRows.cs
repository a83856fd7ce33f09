using Mash.Contracts.Common.V1;
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

    public static void MoveTo(this ContactChildRecord row, ChildStatus status) =>
        row.Status = (int)ChildStatusRules.Advance((ChildStatus)row.Status, status);

    /// <summary>The child is no longer open to a service; its latest routed contact shows it closed.</summary>
    public static async Task CloseAsync(this IntakeDbContext db, IEnumerable<string> childIds, CancellationToken cancellationToken)
    {
        var ids = childIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        db.ChildOpenings.RemoveRange(await db.ChildOpenings.Where(o => ids.Contains(o.ChildId)).ToListAsync(cancellationToken));
        var routed = await db.ContactChildren.Where(c => ids.Contains(c.ChildId) && c.Status == (int)ChildStatus.Routed).ToListAsync(cancellationToken);
        foreach (var row in routed) row.MoveTo(ChildStatus.Closed);
    }
}
