using System.Net.Sockets;
using DotNet.Testcontainers.Configurations;
using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace Mash.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ servers of this test run, chosen once: containers when a Docker
/// engine answers, otherwise the servers that deploy/local/provision.sh started on loopback.
/// A server that cannot be reached fails the test loudly; nothing is skipped.
/// </summary>
public static class TestServers
{
    static readonly Lazy<Task<ServerEndpoints>> Endpoints = new(StartAsync);

    public static Task<ServerEndpoints> GetAsync() => Endpoints.Value;

    static async Task<ServerEndpoints> StartAsync()
    {
        var servers = DockerAnswers() ? await StartContainersAsync() : LocalServers();
        await EnsureReachableAsync(servers.PostgresHost, servers.PostgresPort, "PostgreSQL", servers.Source);
        await EnsureReachableAsync(servers.RabbitHost, servers.RabbitPort, "RabbitMQ", servers.Source);
        await EnsureReachableAsync(servers.RabbitHost, servers.RabbitManagementPort, "RabbitMQ management", servers.Source);
        return servers;
    }

    // Testcontainers finds no endpoint at all when no engine is configured; that probe is cheap.
    static bool DockerAnswers() =>
        Environment.GetEnvironmentVariable("MASH_TEST_SERVERS") != "local"
        && TestcontainersSettings.OS.DockerEndpointAuthConfig is not null
        && (Environment.GetEnvironmentVariable("MASH_TEST_SERVERS") == "docker" || DockerSocketAnswers());

    static bool DockerSocketAnswers()
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint("/var/run/docker.sock"));
            return true;
        }
        catch (SocketException) { return false; }
    }

    static ServerEndpoints LocalServers()
    {
        static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
        return new ServerEndpoints(
            Env("MASH_TEST_POSTGRES_HOST", "127.0.0.1"), int.Parse(Env("MASH_TEST_POSTGRES_PORT", "5432")),
            Env("MASH_TEST_POSTGRES_USER", "mash"), Env("MASH_TEST_POSTGRES_PASSWORD", "mash"),
            Env("MASH_TEST_RABBITMQ_HOST", "127.0.0.1"), int.Parse(Env("MASH_TEST_RABBITMQ_PORT", "5672")),
            int.Parse(Env("MASH_TEST_RABBITMQ_MANAGEMENT_PORT", "15672")),
            Env("MASH_TEST_RABBITMQ_USER", "mash"), Env("MASH_TEST_RABBITMQ_PASSWORD", "mash"),
            "local servers (deploy/local/provision.sh)");
    }

    static async Task<ServerEndpoints> StartContainersAsync()
    {
        // The same roles as a provisioned machine (deploy/postgres/roles.sql): a role per service.
        var postgres = new PostgreSqlBuilder("postgres:15").WithUsername("mash").WithPassword("mash")
            .WithCommand("-c", "max_connections=300", "-c", "shared_preload_libraries=pg_stat_statements") // as provision.sh
            .WithResourceMapping(new DirectoryInfo(Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "postgres")), "/mash-postgres/")
            .Build();
        var rabbit = new RabbitMqBuilder("rabbitmq:3-management").WithUsername("mash").WithPassword("mash")
            .WithPortBinding(15672, true).Build();
        await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync());
        var roles = await postgres.ExecAsync(["psql", "-X", "-q", "-U", "mash", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-f", "/mash-postgres/roles.sql"]);
        if (roles.ExitCode != 0) throw new InvalidOperationException($"deploy/postgres/roles.sql failed in the test container: {roles.Stderr}");
        return new ServerEndpoints(
            postgres.Hostname, postgres.GetMappedPublicPort(5432), "mash", "mash",
            rabbit.Hostname, rabbit.GetMappedPublicPort(5672), rabbit.GetMappedPublicPort(15672), "mash", "mash",
            "Testcontainers");
    }

    static async Task EnsureReachableAsync(string host, int port, string what, string source)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(host, port, timeout.Token);
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException(
                $"{what} is not reachable at {host}:{port} ({source}). Run deploy/mash test, or deploy/local/provision.sh first.", ex);
        }
    }
}
