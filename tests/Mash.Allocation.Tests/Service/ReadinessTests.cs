using Grpc.Health.V1;
using Mash.BuildingBlocks.Messaging.Health;
using Mash.Testing;
using Npgsql;
using Xunit;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// Liveness and readiness of a real service process (allocation, as any service is wired) whose
/// database and broker are reached through gates the test shuts: readiness says NOT_SERVING while
/// either is gone and SERVING once it is back; liveness keeps answering SERVING; and a service that
/// cannot consume for longer than its limit exits 75, for its supervisor to start it again.
/// </summary>
public sealed class ReadinessTests(ReadinessTests.Gated host) : IClassFixture<ReadinessTests.Gated>
{
    /// <summary>Allocation's own database and vhost, with nothing but this class on them.</summary>
    public sealed class Gated : IsolatedEnvironment
    {
        public string Database { get; private set; } = "";

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            Database = await CreateDatabaseAsync("allocation");
        }

        /// <summary>An allocation process reaching PostgreSQL through <paramref name="database"/> and RabbitMQ through <paramref name="broker"/>.</summary>
        public ServiceProcess Behind(TcpGate database, TcpGate broker, TimeSpan exitAfter) =>
            new("Allocation", new Dictionary<string, string>(RabbitEnvironment("allocation"))
            {
                ["RabbitMq__Port"] = broker.Port.ToString(),
                ["ConnectionStrings__Database"] = new NpgsqlConnectionStringBuilder(Database) { Host = "127.0.0.1", Port = database.Port }.ConnectionString,
                ["Health__CheckInterval"] = "00:00:01",
                ["Health__ExitAfter"] = exitAfter.ToString("c"),
            });

        public TcpGate DatabaseGate() => new(Servers.PostgresHost, Servers.PostgresPort);

        public TcpGate BrokerGate() => new(Servers.RabbitHost, Servers.RabbitPort);
    }

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static async Task<ServingStatus> AskAsync(ServiceProcess service, string probe)
    {
        try
        {
            return (await new Health.HealthClient(service.Channel).CheckAsync(new HealthCheckRequest { Service = probe }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: Cancel)).Status;
        }
        catch (global::Grpc.Core.RpcException e)
        {
            throw new InvalidOperationException($"health {probe} did not answer: {e.Status}\n{service.Output}", e);
        }
    }

    static Task UntilAsync(ServiceProcess service, string probe, ServingStatus expected, string what) =>
        Eventually.Until(() => AskAsync(service, probe), status => status == expected, what, TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Readiness_follows_the_database_and_liveness_does_not()
    {
        await using var database = host.DatabaseGate();
        await using var broker = host.BrokerGate();
        await using var service = host.Behind(database, broker, exitAfter: TimeSpan.FromMinutes(10));
        await service.StartAsync();
        Assert.Equal((ServingStatus.Serving, ServingStatus.Serving, ServingStatus.Serving),
            (await AskAsync(service, ""), await AskAsync(service, "readiness"), await AskAsync(service, "liveness")));

        database.Shut();
        await UntilAsync(service, "readiness", ServingStatus.NotServing, "readiness NOT_SERVING with the database gone");
        Assert.Equal((ServingStatus.NotServing, ServingStatus.Serving), (await AskAsync(service, ""), await AskAsync(service, "liveness")));

        database.Open();
        await UntilAsync(service, "readiness", ServingStatus.Serving, "readiness SERVING with the database back");
        Assert.Null(service.ExitCode);
    }

    [Fact]
    public async Task A_bus_that_stays_disconnected_is_not_ready_and_past_the_limit_the_service_exits_75()
    {
        await using var database = host.DatabaseGate();
        await using var broker = host.BrokerGate();
        await using var service = host.Behind(database, broker, exitAfter: TimeSpan.FromSeconds(10));
        await service.StartAsync();

        broker.Shut();
        await UntilAsync(service, "readiness", ServingStatus.NotServing, "readiness NOT_SERVING with the broker gone");
        Assert.Equal(ServingStatus.Serving, await AskAsync(service, "liveness"));

        Assert.Equal(ConsumerWatch.StalledExitCode, await service.ExitCodeWithinAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains("Not consuming for", service.Output);

        // What the supervisor does: start it again, and it is ready once the broker is back.
        broker.Open();
        await service.StartAsync();
        Assert.Equal(ServingStatus.Serving, await AskAsync(service, "readiness"));
    }

    [Fact]
    public async Task A_broker_gone_for_less_than_the_limit_is_ridden_out_without_exiting()
    {
        await using var database = host.DatabaseGate();
        await using var broker = host.BrokerGate();
        await using var service = host.Behind(database, broker, exitAfter: TimeSpan.FromMinutes(10));
        await service.StartAsync();

        broker.Shut();
        await UntilAsync(service, "readiness", ServingStatus.NotServing, "readiness NOT_SERVING with the broker gone");
        broker.Open();
        await UntilAsync(service, "readiness", ServingStatus.Serving, "readiness SERVING once the bus has reconnected");
        Assert.Null(service.ExitCode);
    }
}
