using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Google.Protobuf;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Events.V1;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Mash.Testing;

/// <summary>
/// A test class's own databases and RabbitMQ virtual host, created on the shared servers and
/// dropped afterwards, so that classes never see each other's rows or queues.
/// </summary>
public class IsolatedEnvironment : IAsyncLifetime
{
    readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    readonly List<string> _databases = [];
    readonly ServerEndpoints? _servers;
    HttpClient? _management;

    /// <summary>On this test run's servers (<see cref="TestServers"/>).</summary>
    public IsolatedEnvironment() { }

    /// <summary>On the given servers instead: chaos runs on private servers it may restart.</summary>
    protected IsolatedEnvironment(ServerEndpoints servers) => _servers = servers;

    public ServerEndpoints Servers { get; private set; } = null!;

    public string VirtualHost => $"test-{_suffix}";

    /// <summary>The servers this environment is made on: this run's, or those given to the constructor.</summary>
    protected virtual async Task<ServerEndpoints> ServersAsync() => _servers ?? await TestServers.GetAsync();

    public virtual async ValueTask InitializeAsync()
    {
        Servers = await ServersAsync();
        _management = new HttpClient { BaseAddress = new Uri($"http://{Servers.RabbitHost}:{Servers.RabbitManagementPort}/api/") };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Servers.RabbitUser}:{Servers.RabbitPassword}")));

        var vhost = Uri.EscapeDataString(VirtualHost);
        (await _management.PutAsync($"vhosts/{vhost}", null)).EnsureSuccessStatusCode();
        (await _management.PutAsJsonAsync($"permissions/{vhost}/{Uri.EscapeDataString(Servers.RabbitUser)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();

        // Each service's own broker user with its rights on this vhost, as on a provisioned machine.
        var (exitCode, output, errors) = await RepositoryScript.RunAsync("deploy/rabbitmq/users.sh",
            [$"http://{Servers.RabbitHost}:{Servers.RabbitManagementPort}", VirtualHost],
            new Dictionary<string, string> { ["RABBITMQ_ADMIN_USER"] = Servers.RabbitUser, ["RABBITMQ_ADMIN_PASSWORD"] = Servers.RabbitPassword });
        if (exitCode != 0) throw new InvalidOperationException($"deploy/rabbitmq/users.sh failed (exit {exitCode}): {output}{errors}");
    }

    /// <summary>
    /// GET on the broker's management API as the administrator, e.g. <c>bindings/{vhost}</c> (the
    /// vhost as <see cref="Uri.EscapeDataString(string)"/> gives it); the JSON answer.
    /// </summary>
    public async Task<System.Text.Json.JsonElement> ManagementGetAsync(string path)
    {
        using var response = await _management!.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    /// <summary>A new, empty database for this class; its connection string.</summary>
    /// <param name="maxPoolSize">Connections each process may open to it: ten for tests; the load
    /// run (tests/Mash.Load) asks for more.</param>
    public async Task<string> CreateDatabaseAsync(string name, int maxPoolSize = 10)
    {
        var database = $"t_{name}_{_suffix}";
        await using var admin = new NpgsqlConnection(Servers.PostgresConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
        await create.ExecuteNonQueryAsync();
        _databases.Add(database);
        // Test classes run side by side, each with several service processes on one server: a small
        // pool per process keeps them all under PostgreSQL's connection limit (100 by default).
        return Servers.PostgresConnectionString(database) + $";Maximum Pool Size={maxPoolSize}";
    }

    /// <summary>How many ready messages wait in a queue of this class's vhost (0 when it does not exist yet).</summary>
    public async Task<long> QueueDepthAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try { return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount; }
        catch (OperationInterruptedException) { return 0; }
    }

    /// <summary>
    /// A durable queue bound to the exchange MassTransit publishes <typeparamref name="T"/> to (every
    /// key of a keyed event), so a test can count what was really published.
    /// </summary>
    public async Task<string> CaptureAsync<T>()
    {
        var queue = $"capture-{typeof(T).Name}";
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await EventExchanges.BindAllAsync(channel, typeof(T), queue);
        return queue;
    }

    /// <summary>Publishes an event as a Mash service does: raw protobuf, its type in the header, to its exchange with its routing key.</summary>
    public async Task PublishAsync(IMessage message)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var exchange = await EventExchanges.DeclareAsync(channel, message.GetType());
        await channel.BasicPublishAsync(exchange, EventRoutes.KeyOf(message), mandatory: false, new BasicProperties
        {
            ContentType = "application/x-protobuf",
            MessageId = Guid.NewGuid().ToString(),
            Headers = new Dictionary<string, object?> { ["Mash-Message-Type"] = message.Descriptor.FullName },
        }, message.ToByteArray());
    }

    /// <summary>Takes every message waiting in a capture queue, parsed as <typeparamref name="T"/>.</summary>
    public async Task<IReadOnlyList<T>> DrainAsync<T>(string queue) where T : IMessage<T>, new()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messages = new List<T>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
            messages.Add(new MessageParser<T>(() => new T()).ParseFrom(delivery.Body.Span));
        return messages;
    }

    /// <summary>
    /// A capture queue for every child triage thresholds announces: a contact's first, every child of
    /// it in one ContactTriaged, and each re-run, a ChildTriaged of its own.
    /// </summary>
    public async Task<string> CaptureTriagesAsync()
    {
        const string queue = "capture-triages";
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await Triages.BindAsync(channel, queue);
        return queue;
    }

    /// <summary>Takes every triage waiting in a queue of <see cref="CaptureTriagesAsync"/>: a ContactTriaged as the ChildTriaged it holds.</summary>
    public async Task<IReadOnlyList<ChildTriaged>> DrainTriagesAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var triages = new List<ChildTriaged>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } delivery)
            triages.AddRange(Triages.Of(delivery.BasicProperties, delivery.Body));
        return triages;
    }

    /// <summary>Takes triages from a queue of <see cref="CaptureTriagesAsync"/> until <paramref name="count"/> children's match (as <see cref="CollectAsync{T}"/>).</summary>
    public Task<List<ChildTriaged>> CollectTriagesAsync(string queue, Func<ChildTriaged, bool> match, int count, string what, TimeSpan? timeout = null) =>
        CollectFromAsync(() => DrainTriagesAsync(queue), match, count, what, timeout);

    /// <summary>How long <see cref="CollectAsync{T}"/> waits when not told (Eventually's default when null).</summary>
    protected virtual TimeSpan? CollectPatience => null;

    /// <summary>
    /// Takes messages from a capture queue until <paramref name="count"/> of them match. What each
    /// take returns is kept: a take removes the messages from the queue, so a waiter that forgot
    /// them between takes would miss whatever arrived in a separate batch.
    /// </summary>
    public Task<List<T>> CollectAsync<T>(string queue, Func<T, bool> match, int count, string what, TimeSpan? timeout = null) where T : IMessage<T>, new() =>
        CollectFromAsync(() => DrainAsync<T>(queue), match, count, what, timeout);

    async Task<List<T>> CollectFromAsync<T>(Func<Task<IReadOnlyList<T>>> drain, Func<T, bool> match, int count, string what, TimeSpan? timeout)
    {
        var found = new List<T>();
        await Eventually.Until(async () => { found.AddRange((await drain()).Where(match)); return found.Count; }, n => n >= count, what, timeout ?? CollectPatience);
        return found;
    }

    /// <summary>
    /// The first matching message of a capture queue, then whatever else matches within
    /// <paramref name="settle"/>: for a test that something was published exactly once.
    /// </summary>
    public async Task<List<T>> CollectWithDuplicatesAsync<T>(string queue, Func<T, bool> match, TimeSpan settle, string what) where T : IMessage<T>, new()
    {
        var found = await CollectAsync(queue, match, 1, what);
        await Task.Delay(settle);
        found.AddRange((await DrainAsync<T>(queue)).Where(match));
        return found;
    }

    /// <summary>A connection to this class's vhost as the administrator, or as <paramref name="user"/> (its development password).</summary>
    public Task<IConnection> ConnectAsync(string? user = null) => new ConnectionFactory
    {
        HostName = Servers.RabbitHost, Port = Servers.RabbitPort, VirtualHost = VirtualHost,
        UserName = user ?? Servers.RabbitUser, Password = user ?? Servers.RabbitPassword,
    }.CreateConnectionAsync();

    /// <summary>
    /// Environment variables that point the process of <paramref name="service"/> (intake,
    /// thresholds, earlyhelp, allocation, audit) at this class's vhost as its own broker user.
    /// </summary>
    public IDictionary<string, string> RabbitEnvironment(string service) =>
        RabbitEnvironment(BrokerUser(service), BrokerUser(service));

    /// <summary>As the administrator: for a test host that is not one of the services.</summary>
    public IDictionary<string, string> AdministratorRabbitEnvironment() => RabbitEnvironment(Servers.RabbitUser, Servers.RabbitPassword);

    /// <summary>The broker user of a service (deploy/rabbitmq/service-rights), whose development password is its name.</summary>
    public static string BrokerUser(string service) => "mash_" + service.ToLowerInvariant();

    IDictionary<string, string> RabbitEnvironment(string user, string password) => new Dictionary<string, string>
    {
        ["RabbitMq__Host"] = Servers.RabbitHost,
        ["RabbitMq__Port"] = Servers.RabbitPort.ToString(),
        ["RabbitMq__VirtualHost"] = VirtualHost,
        ["RabbitMq__Username"] = user,
        ["RabbitMq__Password"] = password,
    };

    public virtual async ValueTask DisposeAsync()
    {
        if (_management is not null)
        {
            await _management.DeleteAsync($"vhosts/{Uri.EscapeDataString(VirtualHost)}");
            _management.Dispose();
        }

        // Nothing to drop when the servers were never reached: let the start-up error be the one reported.
        if (_databases.Count > 0)
        {
            await using var admin = new NpgsqlConnection(Servers.PostgresConnectionString());
            await admin.OpenAsync();
            foreach (var database in _databases)
                await ScratchDatabase.DropAsync(admin, database);
        }
        GC.SuppressFinalize(this);
    }
}
