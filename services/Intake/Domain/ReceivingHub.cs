using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>How a contact's receiving hub was found (logged with the contact id, and tested).</summary>
public enum HubSource
{
    /// <summary>Hub staff submit to their own authority's hub.</summary>
    StaffAuthority,

    /// <summary>The authority of the partner's sign-in, which its agency refers to.</summary>
    PartnerSignIn,

    /// <summary>The first child whose postcode lies in an authority Mash serves.</summary>
    ChildPostcode,

    /// <summary>The one hub the agency refers to.</summary>
    AgencyRegistration,
}

/// <summary>
/// The hub that receives a contact, or why none can be named. A contact always has one: its
/// screeners are the only people who will ever see it.
/// </summary>
public sealed record ReceivingHub(string LocalAuthority, HubSource Source)
{
    /// <summary>Set when the request itself cannot name a hub (INVALID_ARGUMENT).</summary>
    public IReadOnlyList<(string Field, string Description)> Violations { get; init; } = [];

    /// <summary>Set when the caller's sign-in cannot name one (FAILED_PRECONDITION).</summary>
    public string Precondition { get; init; } = "";

    public bool Found => LocalAuthority.Length > 0;

    /// <summary>
    /// Staff: their own authority (it must be one Mash serves). A partner, in this order: (1) the
    /// authority of its sign-in, when its agency refers to that hub (seeds/agencies): the referrer
    /// chose the hub and may use it; (2) the first child, in the order given, whose postcode lies in
    /// an authority Mash serves: the child's home authority holds the duty to act, whichever hubs
    /// the agency usually refers to; (3) the one hub the agency refers to (children outside every
    /// authority, e.g. a family about to move in). Otherwise refused: there is nothing to go on.
    /// A sign-in naming a hub the agency does not refer to is not trusted, and the rules go on.
    /// </summary>
    public static ReceivingHub For(Actor caller, IReadOnlyList<string> childPostcodes, AgencyRegistry agencies, LocalityDirectory localities)
    {
        if (caller.Role is Role.Screener or Role.Manager)
            return localities.Authorities.Contains(caller.LocalAuthority)
                ? new ReceivingHub(caller.LocalAuthority, HubSource.StaffAuthority)
                : new ReceivingHub("", HubSource.StaffAuthority)
                {
                    Precondition = caller.LocalAuthority.Length == 0
                        ? "Your sign-in names no authority: hub staff submit contacts to their own authority's hub"
                        : $"Your sign-in's authority '{caller.LocalAuthority}' has no hub in Mash (known: {string.Join(", ", localities.Authorities)})",
                };

        var registered = agencies.HubsOf(caller.Agency);
        if (caller.LocalAuthority.Length > 0 && registered.Contains(caller.LocalAuthority))
            return new ReceivingHub(caller.LocalAuthority, HubSource.PartnerSignIn);
        foreach (var postcode in childPostcodes)
            if (localities.Find(postcode) is { IsOutside: false } place)
                return new ReceivingHub(place.LocalAuthority, HubSource.ChildPostcode);
        if (registered.Count == 1)
            return new ReceivingHub(registered[0], HubSource.AgencyRegistration);

        var why = registered.Count == 0
            ? $"is outside every authority Mash serves ({string.Join(", ", localities.Authorities)}), and agency '{caller.Agency}' is registered with no hub, so nothing names the hub to receive the contact"
            : $"is outside every authority Mash serves, and agency '{caller.Agency}' refers to several hubs ({string.Join(", ", registered)}): sign in to the hub you are referring to";
        return new ReceivingHub("", HubSource.ChildPostcode)
        {
            Violations = [.. childPostcodes.Select((_, i) => ($"children[{i}].address.postcode", why))],
        };
    }
}
