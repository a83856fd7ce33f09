using Google.Protobuf;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;

namespace Mash.Thresholds.Tests.Service;

/// <summary>
/// Thresholds alone, as a process, on its own database and vhost, reading the fixture rule set,
/// localities and bank holidays from its own temporary folder (re-scanned every 200 ms).
/// </summary>
public sealed class ThresholdsHost : IsolatedEnvironment
{
    public ServiceProcess Thresholds { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mash-thresholds-{Guid.NewGuid():N}");

    public string RuleSetsPath => Path.Combine(Folder, "thresholds");

    /// <summary>A screener of the test authority.</summary>
    public ThresholdService.ThresholdServiceClient Client => ClientAs(Role.Screener);

    public ThresholdService.ThresholdServiceClient ClientAs(Role role, string agency = "", string authority = TestIdentity.Authority, string? subject = null) =>
        new(Thresholds.Channel.WithBearerToken(DevTokens.Mint(TestIdentity.SigningKey, role, agency, authority, subject)));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(RuleSetsPath);
        Directory.CreateDirectory(Path.Combine(Folder, "localities"));
        await File.WriteAllTextAsync(Path.Combine(RuleSetsPath, "walsall.yaml"), Fixtures.WalsallRules());
        await File.WriteAllTextAsync(Path.Combine(Folder, "localities", "walsall.yaml"), Fixtures.Localities);
        await File.WriteAllTextAsync(Path.Combine(Folder, "bank-holidays.json"), Fixtures.BankHolidays);

        Database = await CreateDatabaseAsync("thresholds");
        Thresholds = new ServiceProcess("Thresholds", new Dictionary<string, string>(RabbitEnvironment("thresholds"))
        {
            ["ConnectionStrings__Database"] = Database,
            ["Thresholds__RuleSetsPath"] = RuleSetsPath,
            ["Thresholds__LocalitiesPath"] = Path.Combine(Folder, "localities"),
            ["Thresholds__CalendarFile"] = Path.Combine(Folder, "bank-holidays.json"),
            ["Thresholds__ReloadInterval"] = "00:00:00.2",
        });
        await Thresholds.StartAsync();
    }

    /// <summary>Writes a rule-set file the way an editor saves: to a temporary name, then renamed into place.</summary>
    public async Task WriteRuleSetAsync(string fileName, string yaml)
    {
        var temporary = Path.Combine(Folder, $"{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, yaml);
        File.Move(temporary, Path.Combine(RuleSetsPath, fileName), overwrite: true);
    }

    /// <summary>True once a consumer has handled the event (its inbox row commits with the effect).</summary>
    public async Task<bool> HandledAsync(string eventId, string consumer) =>
        await Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = $2", Guid.Parse(eventId), consumer) > 0;

    public override async ValueTask DisposeAsync()
    {
        if (Thresholds is not null) await Thresholds.DisposeAsync();
        await base.DisposeAsync();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
