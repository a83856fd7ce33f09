using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Audit.Reports;

/// <summary>
/// The <c>Reports</c> configuration section. An empty path means the repository's seeds (found
/// above the build output), so <c>deploy/mash up</c> needs no extra settings.
/// </summary>
public sealed class ReportsOptions
{
    public const string Section = "Reports";

    /// <summary>The Annex A columns file; default <c>seeds/annex-a/columns.yaml</c>.</summary>
    public string AnnexAFile { get; set; } = "";

    public string ResolvedAnnexAFile() => ReferenceDataFiles.SeedPath(AnnexAFile, "annex-a", "columns.yaml");
}
