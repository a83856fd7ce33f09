using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// The hub's partner agencies: which agency id answers a check of each kind (configuration section
/// <c>AgencyChecks</c>, keyed by the AgencyKind name, e.g. "Police": "wmp").
/// </summary>
public sealed class AgencyCheckOptions
{
    public Dictionary<string, string> Partners { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public string? PartnerFor(AgencyKind kind) => Partners.TryGetValue(kind.ToString(), out var agency) ? agency : null;
}
