using Mash.Testing;
using Npgsql;

namespace Mash.Load;

/// <summary>Service settings of a load run: what throughput depends on, printed with the results.</summary>
public sealed record ServiceSettings(int PoolSize, int PrefetchCount, int ConcurrentMessageLimit, int OutboxBatchSize, string OutboxPollInterval)
{
    /// <summary>Messages each receive endpoint consumes at once: the limit given, or (0) as many as its prefetch, the services' default.</summary>
    public int ConsumedAtOnce => ConcurrentMessageLimit > 0 ? ConcurrentMessageLimit : PrefetchCount;

    public IDictionary<string, string> Environment()
    {
        var environment = new Dictionary<string, string>
        {
            ["RabbitMq__PrefetchCount"] = PrefetchCount.ToString(),
            ["Outbox__BatchSize"] = OutboxBatchSize.ToString(),
            ["Outbox__PollInterval"] = OutboxPollInterval,
            // Partner allowances protect the hub from one runaway partner; a load run is the whole
            // county's partners at once, so it lifts them rather than measuring the limiter.
            ["RateLimits__SubmitContact__Burst"] = "1000000",
            ["RateLimits__SubmitContact__PermitsPerMinute"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        if (ConcurrentMessageLimit > 0) environment["RabbitMq__ConcurrentMessageLimit"] = ConcurrentMessageLimit.ToString();
        return environment;
    }
}

/// <summary>
/// The five services as real processes from their Release builds, each on a fresh database of its
/// own and joined by a vhost of their own (tests/Mash.Testing's IsolatedEnvironment), so a load run
/// never touches `deploy/mash up`'s databases or a test's. Dropped afterwards.
/// </summary>
public sealed class LoadPipeline(ServiceSettings settings) : IsolatedEnvironment
{
    static readonly string[] Names = ["Intake", "Thresholds", "EarlyHelp", "Allocation", "Audit"];

    public Dictionary<string, ServiceProcess> Services { get; } = [];
    public Dictionary<string, string> Databases { get; } = [];

    public ServiceProcess Intake => Services["Intake"];
    public ServiceProcess Thresholds => Services["Thresholds"];
    public ServiceProcess Audit => Services["Audit"];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var name in Names)
            Databases[name] = await CreateDatabaseAsync(name.ToLowerInvariant(), settings.PoolSize);
        foreach (var name in Names)
        {
            var environment = new Dictionary<string, string>(RabbitEnvironment(name)) { ["ConnectionStrings__Database"] = await OwnRoleAsync(name) };
            foreach (var (key, value) in settings.Environment()) environment[key] = value;
            if (name == "EarlyHelp") environment["EarlyHelp__IntakeAddress"] = $"http://127.0.0.1:{Services["Intake"].Port}";
            Services[name] = new ServiceProcess(name, environment);
        }
        // Intake has early help confirm a step-up contact before accepting it.
        var intake = new Dictionary<string, string> { ["Intake__EarlyHelpAddress"] = $"http://127.0.0.1:{Services["EarlyHelp"].Port}" };
        await Task.WhenAll(Services.Values.Select(s => s.StartAsync(s == Intake ? intake : null)));
    }

    /// <summary>
    /// The service's database handed to its own role (deploy/postgres/roles.sql: mash_intake and so
    /// on), and a connection string as that role, as on a provisioned machine. The bench reads as the
    /// administrator, so pg_stat_statements tells the pipeline's statements from the bench's own by role.
    /// </summary>
    async Task<string> OwnRoleAsync(string service)
    {
        var role = "mash_" + service.ToLowerInvariant();
        var connection = new NpgsqlConnectionStringBuilder(Databases[service]);
        await using (var admin = new NpgsqlConnection(Servers.PostgresConnectionString()))
        {
            await admin.OpenAsync();
            await using var owner = new NpgsqlCommand($"ALTER DATABASE \"{connection.Database}\" OWNER TO {role}", admin);
            await owner.ExecuteNonQueryAsync();
        }
        (connection.Username, connection.Password) = (role, role); // development password: the role's name
        return connection.ConnectionString;
    }

    /// <summary>The database names of the five services (the bench's cost meter sums their statistics).</summary>
    public IEnumerable<string> DatabaseNames => Databases.Values.Select(c => new NpgsqlConnectionStringBuilder(c).Database!);

    /// <summary>A read-only connection string to a service's database, as the administrator.</summary>
    public string ReadOnly(string service) =>
        Databases[service].Replace($"Maximum Pool Size={settings.PoolSize}", "Maximum Pool Size=4") + ";Options=-c default_transaction_read_only=on";

    /// <summary>
    /// Fails at once, with its last output, when a service has exited by itself: a wait for its
    /// work would only time out, and its output would go with it.
    /// </summary>
    public void EnsureRunning()
    {
        foreach (var (name, service) in Services)
            if (service.ExitedByItself is { } code)
                throw new InvalidOperationException($"{name} exited by itself (code {code}); its last output:\n" +
                    string.Join('\n', service.Output.Split('\n').TakeLast(60)));
    }

    int _disposed;

    /// <summary>
    /// For an interrupted run (Ctrl-C, kill): ends the service processes at once, then drops the
    /// databases and the vhost as far as it can in a few seconds. Never throws.
    /// </summary>
    public void Abandon()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var service in Services.Values)
            try { service.KillAsync().Wait(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        try { base.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(20)); } catch (Exception) { }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var service in Services.Values) await service.DisposeAsync();
        await base.DisposeAsync();
    }
}
