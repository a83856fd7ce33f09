using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Thresholds.Data;

namespace Mash.Thresholds.Messaging;

public static class EventHeaders
{
    /// <summary>Thresholds itself, as the actor of what the rules and auto_route rules do.</summary>
    public static Actor System => new() { Subject = "thresholds", Role = Role.System };

    /// <summary>The header of an event about a child in a contact (the child's authority).</summary>
    public static EventHeader For(TriageItem item, Actor actor, DateTimeOffset at, string causationId = "") =>
        ContactEventHeader.Create(item.ContactId, item.ChildId.ToString(), item.LocalAuthority, actor, at, causationId);
}
