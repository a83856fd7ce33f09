using Mash.BuildingBlocks.ReferenceData;

namespace Mash.Intake.Hosting;

/// <summary>
/// The <c>Intake</c> configuration section. Empty paths mean the repository's seeds (found above
/// the build output), so <c>deploy/mash up</c> needs no extra settings.
/// </summary>
public sealed class IntakeOptions
{
    public const string Section = "Intake";

    /// <summary>The folder of locality files (postcode to authority); default <c>seeds/localities</c>.</summary>
    public string LocalitiesPath { get; set; } = "";

    /// <summary>The folder of agency registrations (which hubs each partner refers to); default <c>seeds/agencies</c>.</summary>
    public string AgenciesPath { get; set; } = "";

    /// <summary>Early help's gRPC address: a step-up contact is checked there before it is accepted.</summary>
    public string EarlyHelpAddress { get; set; } = "http://127.0.0.1:5103";

    public IntakeOptions Resolved() => new()
    {
        LocalitiesPath = ReferenceDataFiles.SeedPath(LocalitiesPath, "localities"),
        AgenciesPath = ReferenceDataFiles.SeedPath(AgenciesPath, "agencies"),
        EarlyHelpAddress = EarlyHelpAddress,
    };
}
