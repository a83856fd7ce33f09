using Mash.Testing;

namespace Mash.Chaos;

/// <summary>
/// Private PostgreSQL and RabbitMQ servers that a chaos run may crash and restart, through
/// deploy/local/chaos-servers.sh (the one place that knows how). The shared servers of
/// deploy/local/provision.sh serve other test runs meanwhile and are never touched.
/// </summary>
public sealed class ChaosServers : IAsyncDisposable
{
    const string Script = "deploy/local/chaos-servers.sh";

    ChaosServers(string name, int postgresPort, int amqpPort, int managementPort)
    {
        Name = name;
        Endpoints = new ServerEndpoints("127.0.0.1", postgresPort, "mash", "mash", "127.0.0.1", amqpPort, managementPort, "mash", "mash",
            $"private chaos servers '{name}' (deploy/local/chaos-servers.sh)");
    }

    public string Name { get; }

    public ServerEndpoints Endpoints { get; }

    /// <summary>
    /// Fresh servers named <paramref name="name"/> on the given base ports (PostgreSQL, AMQP; the
    /// management and distribution ports are AMQP + 10000 and + 20000). Throws with the script's
    /// output when they cannot be started: a chaos run never goes ahead without its own servers.
    /// </summary>
    public static async Task<ChaosServers> StartAsync(string name, int postgresPort, int amqpPort, TextWriter log)
    {
        var servers = new ChaosServers(name, postgresPort, amqpPort, amqpPort + 10000);
        await servers.RunAsync(log, "start", name, postgresPort.ToString(), amqpPort.ToString(), (amqpPort + 10000).ToString(), (amqpPort + 20000).ToString());
        return servers;
    }

    /// <summary>PostgreSQL stops at once, as in a crash (WAL recovery on start), and starts again.</summary>
    public Task RestartPostgresAsync(TextWriter log) => RunAsync(log, "restart-postgres", Name);

    /// <summary>The broker's VM is killed (-9) and the node started again.</summary>
    public Task RestartRabbitMqAsync(TextWriter log) => RunAsync(log, "restart-rabbitmq", Name);

    /// <summary>Every process of the PostgreSQL cluster stopped (kill -STOP) for <paramref name="seconds"/>, then continued: a hung server, sockets open.</summary>
    public Task FreezePostgresAsync(int seconds, TextWriter log) => RunAsync(log, "freeze-postgres", Name, seconds.ToString());

    /// <summary>The broker's Erlang VM and its child processes stopped (kill -STOP) for <paramref name="seconds"/>, then continued.</summary>
    public Task FreezeRabbitMqAsync(int seconds, TextWriter log) => RunAsync(log, "freeze-rabbitmq", Name, seconds.ToString());

    /// <summary>Every client backend ended (pg_terminate_backend) under the services, the server itself up.</summary>
    public Task DropPostgresConnectionsAsync(TextWriter log) => RunAsync(log, "drop-postgres-connections", Name);

    /// <summary>Every AMQP connection closed through the management API, the broker itself up.</summary>
    public Task DropRabbitMqConnectionsAsync(TextWriter log) => RunAsync(log, "drop-rabbitmq-connections", Name);

    public async ValueTask DisposeAsync() => await RunAsync(TextWriter.Null, "stop", Name);

    async Task RunAsync(TextWriter log, params string[] arguments)
    {
        var (exitCode, output, errors) = await RepositoryScript.RunAsync(Script, arguments);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) log.WriteLine(line);
        if (exitCode != 0)
            throw new InvalidOperationException($"{Script} {string.Join(' ', arguments)} failed (exit {exitCode}):\n{output}{errors}");
    }
}
