using Mash.BuildingBlocks.ReferenceData;

namespace Mash.EarlyHelp.Domain;

/// <summary>Where an episode belongs: the authority and locality an event gives, else those of the child's postcode.</summary>
public static class Placement
{
    public static ChildPlace Of(LocalityDirectory localities, string authority, string locality, string postcode)
    {
        var found = localities.Find(postcode);
        var placedAuthority = authority.Length > 0 ? authority : found.LocalAuthority;
        // A postcode in another authority says nothing about this one's localities: the panel places the family by hand.
        var placedLocality = locality.Length > 0 ? locality : found.LocalAuthority == placedAuthority ? found.Locality : "";
        return new ChildPlace(placedAuthority, placedLocality);
    }
}
