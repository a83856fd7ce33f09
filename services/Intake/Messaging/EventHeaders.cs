using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Intake.Data;

namespace Mash.Intake.Messaging;

static class EventHeaders
{
    /// <summary>The header of an event intake raises about a contact (the hub's authority).</summary>
    public static EventHeader For(ContactRecord contact, Actor actor, DateTimeOffset at, string childId = "") =>
        ContactEventHeader.Create(contact.Id, childId, contact.LocalAuthority, actor, at);
}
