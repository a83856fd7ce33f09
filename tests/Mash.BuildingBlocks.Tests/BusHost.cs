using System.Collections.Concurrent;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.Messaging.Protobuf;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;

namespace Mash.BuildingBlocks.Tests;

public sealed class Effect
{
    public Guid EventId { get; init; }
    public required string ContactId { get; init; }
}

public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Effect> Effects => Set<Effect>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();
        model.Entity<Effect>(e => { e.ToTable("effects"); e.HasKey(x => x.EventId); });
    }
}

/// <summary>
/// Every ContactReceived delivery the consumer finished, duplicates included (a consume observer
/// sees each delivery; the inbox decides whether it had an effect).
/// </summary>
public sealed class Deliveries : IConsumeMessageObserver<ContactReceived>
{
    public ConcurrentQueue<ContactReceived> Received { get; } = new();

    public Task PreConsume(ConsumeContext<ContactReceived> context) => Task.CompletedTask;

    public Task PostConsume(ConsumeContext<ContactReceived> context)
    {
        Received.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    public Task ConsumeFault(ConsumeContext<ContactReceived> context, Exception exception) => Task.CompletedTask;
}

/// <summary>A consumer with a database effect, behind the inbox.</summary>
public sealed class RecordingConsumer(TestDbContext db) : InboxConsumer<ContactReceived, TestDbContext>(db)
{
    protected override Task Handle(ContactReceived message, CancellationToken cancellationToken)
    {
        Db.Effects.Add(new Effect { EventId = message.EventId(), ContactId = message.Header.ContactId });
        return Task.CompletedTask;
    }
}

/// <summary>
/// A host wired exactly as the services are (AddServiceDatabase + AddMessaging) against this
/// class's own database and vhost, with one inbox consumer on queue <see cref="Queue"/> (a fixture
/// deriving from it chooses its own consumers), and what it logged.
/// </summary>
public class BusHost : IsolatedEnvironment
{
    public const string Queue = "bbtest-recording";
    IHost? _host;

    public string ConnectionString { get; private set; } = "";

    public IServiceProvider Services => _host!.Services;

    protected bool Started => _host is not null;

    public Deliveries Deliveries => Services.GetRequiredService<Deliveries>();

    public CapturedLogs Logs { get; } = new();

    /// <summary>Configuration on top of the class's broker and database, as a service's environment sets it (the broker's port, prefetch, queue type ...).</summary>
    protected virtual void Configure(IConfigurationManager configuration) { }

    /// <summary>The consumers and their endpoints.</summary>
    protected virtual void AddConsumers(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<RecordingConsumer>().Endpoint(e => e.Name = Queue);

    /// <summary>Publishes as a non-MassTransit producer would: straight to a queue with RabbitMQ.Client, confirmed.</summary>
    public async Task PublishRawAsync(string queue, byte[] body, string? messageType, string? messageId = null)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            ContentType = ProtobufSerializerFactory.MediaType,
            MessageId = messageId ?? Guid.NewGuid().ToString(),
            Headers = messageType is null ? null : new Dictionary<string, object?> { [ProtobufSerializerFactory.MessageTypeHeader] = messageType },
        };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, body);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        ConnectionString = await CreateDatabaseAsync("bb");
        await DatabaseMigrator.MigrateAsync(ConnectionString, typeof(BusHost).Assembly, NullLogger.Instance);

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(AdministratorRabbitEnvironment().ToDictionary(kv => kv.Key.Replace("__", ":"), kv => (string?)kv.Value));
        builder.Configuration["ConnectionStrings:Database"] = ConnectionString;
        builder.Configuration["Outbox:PollInterval"] = "00:00:00.200";
        Configure(builder.Configuration);
        builder.Logging.AddProvider(Logs);
        builder.Services.AddSingleton<Deliveries>();
        builder.AddServiceDatabase<TestDbContext>();
        builder.AddMessaging<TestDbContext>("bbtest", AddConsumers);
        _host = builder.Build();
        await _host.StartAsync();
        Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(Deliveries);
        await Services.GetRequiredService<IBusControl>().WaitForHealthStatus(BusHealthStatus.Healthy, TimeSpan.FromSeconds(30));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        await base.DisposeAsync();
    }
}
