using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Intake.Data;

namespace Mash.Intake.Messaging;

static class EventHeaders
{
    /// <summary>The header of an event intake raises about a contact (correlated by the contact id).</summary>
    public static EventHeader For(ContactRecord contact, Actor actor, DateTimeOffset at, string childId = "") => new()
    {
        EventId = Guid.CreateVersion7(at).ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(at),
        ContactId = contact.Id.ToString(),
        ChildId = childId,
        LocalAuthority = contact.LocalAuthority,
        Actor = actor,
        CorrelationId = contact.Id.ToString(),
    };
}
