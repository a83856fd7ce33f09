using Mash.Allocation.Data;
using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Allocation.Messaging;

public static class EventHeaders
{
    /// <summary>Allocation itself, as the actor of the placements it makes.</summary>
    public static Actor System => new() { Subject = "allocation", Role = Role.System };

    /// <summary>The header of an event about a case (the child's contact, the case's authority).</summary>
    public static EventHeader For(AllocationRecord record, Actor actor, DateTimeOffset at, string causationId = "") =>
        ContactEventHeader.Create(record.ContactId, record.ChildId.ToString(), record.LocalAuthority, actor, at, causationId);

    /// <summary>
    /// The case's clocks as its events announce them (every clock, stopped and cancelled ones too):
    /// allocation owns them and audit follows what each event says, whatever order they arrive in.
    /// At risk in the office hours of the case's authority.
    /// </summary>
    public static IEnumerable<Clock> Clocks(AllocationRecord record, WorkingCalendar calendar, DateTimeOffset now)
    {
        var authority = calendar.For(record.LocalAuthority);
        return record.Clocks.OrderBy(c => c.StartedAt).ThenBy(c => c.Kind).Select(c => StatutoryClocks.ToMessage(c.ToClock(), authority, now));
    }
}
