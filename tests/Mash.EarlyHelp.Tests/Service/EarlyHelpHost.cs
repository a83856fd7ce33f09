using Google.Protobuf;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Early help and intake as real processes on their own databases and vhost. Early help reads the
/// repository's localities and bank holidays and a test directory (<see cref="TestDirectory"/>) from
/// its own temporary folder; its clock scheduler looks every 200 ms (EarlyHelp__ClockPollInterval),
/// and tests move a clock by the routing time they publish, since the clock runs from it.
/// </summary>
public class EarlyHelpHost : IsolatedEnvironment
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>How long to wait for a message to cross the bus on a loaded, shared machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    protected override TimeSpan? CollectPatience => Patience;

    public ServiceProcess EarlyHelp { get; private set; } = null!;

    public ServiceProcess Intake { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public string IntakeDatabase { get; private set; } = "";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mash-earlyhelp-{Guid.NewGuid():N}");

    /// <summary>A screener of Walsall.</summary>
    public EarlyHelpService.EarlyHelpServiceClient Client => ClientAs(Role.Screener);

    public EarlyHelpService.EarlyHelpServiceClient ClientAs(Role role, string authority = TestIdentity.Authority, string? subject = null, string agency = "") =>
        new(EarlyHelp.Channel.WithBearerToken(DevTokens.Mint(TestIdentity.SigningKey, role, agency, authority, subject)));

    public IntakeService.IntakeServiceClient IntakeAs(Role role, string agency = "", string authority = TestIdentity.Authority) =>
        new(Intake.As(role, agency, authority));

    /// <summary>Early help settings a fixture adds to (or changes from) the ones above.</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Path.Combine(Folder, "directory"));
        await File.WriteAllTextAsync(Path.Combine(Folder, "directory", "test.yaml"), TestDirectory.Walsall);
        await File.WriteAllTextAsync(Path.Combine(Folder, "directory", "wolverhampton.yaml"), TestDirectory.Wolverhampton);

        // The database server is shared with other test runs: each process keeps to a few connections.
        IntakeDatabase = await CreateDatabaseAsync("intake");
        var intake = new Dictionary<string, string>(RabbitEnvironment("intake")) { ["ConnectionStrings__Database"] = IntakeDatabase };
        Intake = new ServiceProcess("Intake", intake);
        Database = await CreateDatabaseAsync("earlyhelp");
        var environment = new Dictionary<string, string>(RabbitEnvironment("earlyhelp"))
        {
            ["ConnectionStrings__Database"] = Database,
            ["EarlyHelp__DirectoryPath"] = Path.Combine(Folder, "directory"),
            ["EarlyHelp__IntakeAddress"] = $"http://127.0.0.1:{Intake.Port}",
            ["EarlyHelp__ClockPollInterval"] = "00:00:00.2",
        };
        foreach (var (key, value) in Settings) environment[key] = value;
        EarlyHelp = new ServiceProcess("EarlyHelp", environment);
        // Intake has early help confirm a step-up contact before accepting it.
        intake["Intake__EarlyHelpAddress"] = $"http://127.0.0.1:{EarlyHelp.Port}";
        // Patient with start-up: the machine's two cores are shared with other test runs.
        await Task.WhenAll(Intake.StartAsync(timeout: StartTimeout), EarlyHelp.StartAsync(timeout: StartTimeout));
    }

    /// <summary>True once early help's consumer has handled the event (its inbox row commits with the effect).</summary>
    public async Task<bool> HandledAsync(string eventId, string consumer) =>
        await Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = $2", Guid.Parse(eventId), consumer) > 0;

    public override async ValueTask DisposeAsync()
    {
        if (EarlyHelp is not null) await EarlyHelp.DisposeAsync();
        if (Intake is not null) await Intake.DisposeAsync();
        await base.DisposeAsync();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}
