using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;

namespace Mash.EarlyHelp.Messaging;

public static class EventHeaders
{
    /// <summary>Early help itself, as the actor of brokerage, the clock and what the MASH's decisions settle.</summary>
    public static Actor System => new() { Subject = "earlyhelp", Role = Role.System };

    /// <summary>The header of an episode's event: family-level (no child id; the body lists the children), correlated by the episode's contact.</summary>
    public static EventHeader For(Episode episode, Actor actor, DateTimeOffset at, string causationId = "") =>
        ContactEventHeader.Create(episode.ContactId, "", episode.LocalAuthority, actor, at, causationId);
}
