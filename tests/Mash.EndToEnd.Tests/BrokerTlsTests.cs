using Grpc.Health.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// A private RabbitMQ node with an AMQPS listener (deploy/local/chaos-servers.sh start-rabbitmq,
/// with the development certificates of deploy/local/dev-certs.sh), its own name and ports, and
/// this run's PostgreSQL. Needs root and the rabbitmq-server package, as the chaos tests do; the
/// node is stopped and removed afterwards.
/// </summary>
public sealed class TlsBroker : IsolatedEnvironment
{
    const string Node = "mash-tls-test";
    // Apart from the shared broker's (5672) and the chaos servers' (5673/5674 and +10000, +20000).
    public const int AmqpPort = 5664, AmqpsPort = 5665, ManagementPort = 15664, DistributionPort = 25664;

    readonly string _folder = Path.Combine(Path.GetTempPath(), "mash-tls-broker-" + Guid.NewGuid().ToString("N")[..10]);
    bool _started;

    /// <summary>The CA that signed the broker's certificate.</summary>
    public string Certificates => Path.Combine(_folder, "broker");

    /// <summary>Another development CA, which signed nothing the broker presents.</summary>
    public string Foreign => Path.Combine(_folder, "foreign");

    protected override async Task<ServerEndpoints> ServersAsync() => (await TestServers.GetAsync()) with
    {
        RabbitHost = "127.0.0.1", RabbitPort = AmqpPort, RabbitManagementPort = ManagementPort, RabbitUser = "mash", RabbitPassword = "mash",
        Source = $"private RabbitMQ node {Node} (deploy/local/chaos-servers.sh)",
    };

    public override async ValueTask InitializeAsync()
    {
        foreach (var folder in new[] { Certificates, Foreign })
            await Run("deploy/local/dev-certs.sh", folder);
        await Run("deploy/local/chaos-servers.sh", "start-rabbitmq", Node, AmqpPort.ToString(), ManagementPort.ToString(),
            DistributionPort.ToString(), AmqpsPort.ToString(), Certificates);
        _started = true;
        await base.InitializeAsync();
    }

    /// <summary>A service's settings for AMQPS to this node as its own user, trusting the CA in <paramref name="trust"/>.</summary>
    public IDictionary<string, string> TlsEnvironment(string service, string trust) => new Dictionary<string, string>(RabbitEnvironment(service))
    {
        ["RabbitMq__Port"] = AmqpsPort.ToString(),
        ["RabbitMq__UseTls"] = "true",
        ["RabbitMq__CaFile"] = Path.Combine(trust, "ca.crt"),
    };

    public override async ValueTask DisposeAsync()
    {
        try { await base.DisposeAsync(); }
        finally
        {
            if (_started) await Run("deploy/local/chaos-servers.sh", "stop", Node);
            if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        }
    }

    static async Task Run(string script, params string[] arguments)
    {
        var (exitCode, output, errors) = await RepositoryScript.RunAsync(script, arguments);
        if (exitCode != 0) throw new InvalidOperationException($"{script} {string.Join(' ', arguments)} failed (exit {exitCode}):\n{output}{errors}");
    }
}

/// <summary>Services reach RabbitMQ over TLS (AMQPS) and check whom they reach.</summary>
public sealed class BrokerTlsTests(TlsBroker broker) : IClassFixture<TlsBroker>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<IReadOnlyList<(bool Tls, int Port)>> ConnectionsOfAsync(string user) =>
        [.. (await broker.ManagementGetAsync("connections")).EnumerateArray()
            .Where(c => c.GetProperty("user").GetString() == user && c.GetProperty("vhost").GetString() == broker.VirtualHost)
            .Select(c => (c.GetProperty("ssl").GetBoolean(), c.GetProperty("port").GetInt32()))];

    [Fact]
    public async Task A_service_publishes_over_amqps_to_a_broker_whose_certificate_chains_to_its_ca()
    {
        var captured = await broker.CaptureAsync<ContactReceived>();
        await using var intake = new ServiceProcess("Intake", new Dictionary<string, string>(broker.TlsEnvironment("intake", broker.Certificates))
        {
            ["ConnectionStrings__Database"] = await broker.CreateDatabaseAsync("intake_tls"),
        });
        await intake.StartAsync();

        var submitted = await new IntakeService.IntakeServiceClient(intake.As(Role.Screener)).SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        var published = await Eventually.Until(() => broker.DrainAsync<ContactReceived>(captured), m => m.Count > 0, "ContactReceived over AMQPS");
        Assert.Equal(submitted.ContactId, Assert.Single(published).Header.ContactId);
        var connections = await Eventually.Until(() => ConnectionsOfAsync("mash_intake"), c => c.Count > 0, "intake's connection in the management API");
        Assert.All(connections, c => Assert.Equal((true, TlsBroker.AmqpsPort), c));
    }

    [Fact]
    public async Task A_service_that_does_not_trust_the_brokers_ca_never_connects()
    {
        await using var thresholds = new ServiceProcess("Thresholds", new Dictionary<string, string>(broker.TlsEnvironment("thresholds", broker.Foreign))
        {
            ["ConnectionStrings__Database"] = await broker.CreateDatabaseAsync("thresholds_tls"),
        });
        thresholds.Launch();

        // MassTransit retries the connection and logs each refusal; the handshake is what fails.
        await Eventually.Until(() => Task.FromResult(thresholds.Output), o => o.Contains("RemoteCertificateValidationCallback"),
            "thresholds to log the rejected broker certificate", TimeSpan.FromMinutes(2));
        Assert.Empty(await ConnectionsOfAsync("mash_thresholds"));
        // Its bus is part of its health: a service that cannot reach the broker does not say SERVING.
        var health = new Health.HealthClient(thresholds.Channel);
        await Eventually.Until(async () =>
        {
            try { return (await health.CheckAsync(new HealthCheckRequest(), cancellationToken: Cancel)).Status; }
            catch (Grpc.Core.RpcException) { return HealthCheckResponse.Types.ServingStatus.Unknown; } // not listening yet
        }, status => status == HealthCheckResponse.Types.ServingStatus.NotServing, "thresholds to answer NOT_SERVING");
    }
}
