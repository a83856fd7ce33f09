using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>
/// A lead professional of seeds/directory/&lt;authority&gt;.yaml: who they are, where they work, the
/// children they can lead for (ages, inclusive, and settings; no settings means any) and how many
/// open episodes they hold at most. <see cref="Order"/> is the position across the files, the last
/// tie-break of brokerage.
/// </summary>
public sealed record LeadProfessionalEntry(
    string Id,
    string Name,
    string Agency,
    string AgencyName,
    AgencyKind AgencyKind,
    string Role,
    string LocalAuthority,
    string Locality,
    int AgeFrom,
    int AgeTo,
    IReadOnlySet<SettingKind> Settings,
    int Capacity,
    int Order)
{
    /// <summary>Whether this person can lead for a child of this age and setting (an unknown setting excludes no one).</summary>
    public bool Covers(int ageYears, SettingKind setting) =>
        ageYears >= AgeFrom && ageYears <= AgeTo
        && (Settings.Count == 0 || setting == SettingKind.Unspecified || Settings.Contains(setting));

    public LeadProfessional ToMessage() => new()
    {
        LeadProfessionalId = Id,
        Name = Name,
        Agency = Agency,
        AgencyKind = AgencyKind,
        Role = Role,
        Locality = Locality,
    };
}
