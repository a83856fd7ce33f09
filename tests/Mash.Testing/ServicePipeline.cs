using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Testing;

/// <summary>
/// The five services as real processes, each on its own fresh database, joined by this
/// environment's own RabbitMQ vhost: the end-to-end tests' pipeline, and chaos runs' (on private servers).
/// </summary>
public class ServicePipeline : IsolatedEnvironment
{
    /// <summary>On this test run's servers.</summary>
    public ServicePipeline() { }

    /// <summary>On the given servers (chaos: private servers it restarts).</summary>
    protected ServicePipeline(ServerEndpoints servers) : base(servers) { }

    public ServiceProcess Intake { get; private set; } = null!;
    public ServiceProcess Thresholds { get; private set; } = null!;
    public ServiceProcess EarlyHelp { get; private set; } = null!;
    public ServiceProcess Allocation { get; private set; } = null!;
    public ServiceProcess Audit { get; private set; } = null!;

    public IReadOnlyList<ServiceProcess> Services => [Intake, Thresholds, EarlyHelp, Allocation, Audit];

    public string IntakeDb { get; private set; } = "";
    public string ThresholdsDb { get; private set; } = "";
    public string EarlyHelpDb { get; private set; } = "";
    public string AllocationDb { get; private set; } = "";
    public string AuditDb { get; private set; } = "";

    /// <summary>Audit signs its trail's head with this key into its directory, as deploy/mash has it do.</summary>
    public TrailCheckpointKey Checkpoints { get; } = new();

    public IntakeService.IntakeServiceClient IntakeClient => new(Intake.As(Role.Screener));

    public AuditService.AuditServiceClient AuditClient => new(Audit.As(Role.Auditor));

    /// <summary>Settings every service starts with (the telemetry test points their exporters at itself).</summary>
    protected virtual IDictionary<string, string> CommonSettings => new Dictionary<string, string>();

    /// <summary>Settings intake starts with; the outbox test starts it with dispatch paused.</summary>
    protected virtual IDictionary<string, string> IntakeOverrides => new Dictionary<string, string>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        (IntakeDb, ThresholdsDb, EarlyHelpDb, AllocationDb, AuditDb) = (await CreateDatabaseAsync("intake"), await CreateDatabaseAsync("thresholds"),
            await CreateDatabaseAsync("earlyhelp"), await CreateDatabaseAsync("allocation"), await CreateDatabaseAsync("audit"));
        var intake = Environment("intake", IntakeDb);
        Intake = new ServiceProcess("Intake", intake);
        Thresholds = new ServiceProcess("Thresholds", Environment("thresholds", ThresholdsDb));
        var earlyHelp = Environment("earlyhelp", EarlyHelpDb);
        earlyHelp["EarlyHelp__IntakeAddress"] = $"http://127.0.0.1:{Intake.Port}";
        EarlyHelp = new ServiceProcess("EarlyHelp", earlyHelp);
        // Each asks the other: early help submits step-ups to intake, intake has early help confirm them.
        intake["Intake__EarlyHelpAddress"] = $"http://127.0.0.1:{EarlyHelp.Port}";
        Allocation = new ServiceProcess("Allocation", Environment("allocation", AllocationDb));
        var audit = Environment("audit", AuditDb);
        foreach (var (key, value) in Checkpoints.Settings(TimeSpan.FromSeconds(2))) audit[key] = value;
        Audit = new ServiceProcess("Audit", audit);
        await Task.WhenAll(Intake.StartAsync(IntakeOverrides), Thresholds.StartAsync(), EarlyHelp.StartAsync(), Allocation.StartAsync(), Audit.StartAsync());
    }

    /// <summary>Each service as its own broker user (deploy/rabbitmq/service-rights) on its own database.</summary>
    IDictionary<string, string> Environment(string service, string connectionString)
    {
        var settings = new Dictionary<string, string>(RabbitEnvironment(service)) { ["ConnectionStrings__Database"] = connectionString };
        foreach (var (key, value) in CommonSettings) settings[key] = value;
        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { Intake, Thresholds, EarlyHelp, Allocation, Audit })
            if (service is not null) await service.DisposeAsync();
        Checkpoints.Dispose();
        await base.DisposeAsync();
    }
}
