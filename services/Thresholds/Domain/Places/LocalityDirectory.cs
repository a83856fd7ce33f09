using Mash.Thresholds.Domain.RuleSets;

namespace Mash.Thresholds.Domain.Places;

/// <summary>Where a child lives, as the front door needs it: the authority and locality of the postcode.</summary>
public sealed record ChildPlace(string LocalAuthority, string Locality)
{
    public static ChildPlace Outside { get; } = new("", "");
    public bool IsOutside => LocalAuthority.Length == 0;
}

/// <summary>
/// Postcode districts and sectors to authorities and localities (seeds/localities/*.yaml). The
/// longest prefix wins, so a sector ("WS2 8") can sit in another locality than its district ("WS2").
/// </summary>
public sealed class LocalityDirectory
{
    public static (LocalityDirectory? Directory, IReadOnlyList<LoadError> Errors) Load(IEnumerable<(string SourceFile, string Yaml)> files) =>
        throw new NotImplementedException();

    public IReadOnlyList<string> Authorities => throw new NotImplementedException();

    /// <summary>The localities of an authority, in file order.</summary>
    public IReadOnlyList<string> LocalitiesOf(string localAuthority) => throw new NotImplementedException();

    /// <summary>The place of a normalised postcode ("WS2 8QT"); <see cref="ChildPlace.Outside"/> when no authority has it.</summary>
    public ChildPlace Find(string postcode) => throw new NotImplementedException();
}
