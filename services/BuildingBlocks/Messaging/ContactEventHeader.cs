using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.BuildingBlocks.Messaging;

/// <summary>
/// The header conventions every service follows for an event that follows from a contact: a
/// time-ordered event id, the occurred-at instant, and the contact id as the correlation id that
/// ties traces, logs and the trail together.
/// </summary>
public static class ContactEventHeader
{
    public static EventHeader Create(Guid contactId, string childId, string localAuthority, Actor actor, DateTimeOffset at, string causationId = "") =>
        Create(contactId.ToString(), childId, localAuthority, actor, at, causationId);

    /// <summary>The same, for a contact id as an event carried it (a flow that began elsewhere may name none).</summary>
    public static EventHeader Create(string contactId, string childId, string localAuthority, Actor actor, DateTimeOffset at, string causationId = "") => new()
    {
        EventId = Guid.CreateVersion7(at).ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(at),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = localAuthority,
        Actor = actor,
        CorrelationId = contactId,
        CausationId = causationId,
    };
}
