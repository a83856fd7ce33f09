using Google.Protobuf;
using System.Diagnostics.Metrics;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Messaging.Errors;
using Mash.BuildingBlocks.Messaging.Health;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.BuildingBlocks.Messaging.Protobuf;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Contracts.Events.V1;
using System.Runtime.Serialization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.Messaging;

public static class MessagingExtensions
{
    /// <summary>Every event of mash.events.v1: the only messages services exchange.</summary>
    public static readonly ProtobufMessageTypes EventTypes =
        ProtobufMessageTypes.Implementing<IEvent>(typeof(IEvent).Assembly);

    /// <summary>
    /// Joins the RabbitMQ bus as <paramref name="serviceName"/>: protobuf events on the wire, the
    /// consumers registered by <paramref name="consumers"/> on queues named after the service,
    /// retries, the outbox dispatcher for <typeparamref name="TDbContext"/>, inbox retention, the
    /// watch on the service's own error queues, and readiness (database, bus, consumers).
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TDbContext>(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? consumers = null)
        where TDbContext : DbContext
    {
        var rabbit = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqOptions>() ?? new RabbitMqOptions();
        var quorum = rabbit.QuorumQueues;
        if (rabbit.Username.Length == 0 || rabbit.Password.Length == 0)
            throw new InvalidOperationException($"Configure RabbitMq__Username and RabbitMq__Password: {serviceName}'s own broker user (deploy/rabbitmq/service-rights)");
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddSingleton(EventTypes);
        // The outbox's bus first: hosted services stop in reverse, so it outlives the consumers' bus.
        builder.Services.AddSingleton(services => new PublishingBus(rabbit, EventTypes, serviceName));
        builder.Services.AddHostedService(services => services.GetRequiredService<PublishingBus>());
        // The dispatcher's IBus is the publishing bus; everything else it needs comes from the container.
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<OutboxDispatcher<TDbContext>>(services, services.GetRequiredService<PublishingBus>().Bus));
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxDispatcher<TDbContext>>());
        builder.Services.AddSingleton<IOutboxDrain>(services => services.GetRequiredService<OutboxDispatcher<TDbContext>>());
        builder.Services.AddSingleton<DrainOutboxAtShutdown>();
        builder.Services.Configure<InboxOptions>(builder.Configuration.GetSection("Inbox"));
        builder.Services.AddHostedService<InboxRetention<TDbContext>>();
        builder.Services.AddGroupCommit<StatementGroups<TDbContext>>();
        builder.Services.AddSingleton(new BrokerQueues(rabbit, $"{serviceName}-watch"));
        builder.Services.AddSingleton<EndpointQueues>();
        builder.AddErrorQueueMonitor();
        builder.AddReadiness<TDbContext>();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            consumers?.Invoke(bus);
            // A consumer that still fails after its retries leaves the message in its _error queue with
            // the exception; a Fault<T> published as well would go to an exchange no one reads and
            // that the service's broker user has no right to (deploy/rabbitmq/service-rights).
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                endpoint.PublishFaults = false;
                if (endpoint is not IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) return;
                if (quorum) rabbitEndpoint.SetQuorumQueue();
                rabbitEndpoint.WithoutDefaultKeyedBindings();
            });
            bus.AddReceiveEndpointObserver(services => services.GetRequiredService<EndpointQueues>());
            bus.AddReceiveEndpointObserver(services => services.GetRequiredService<DrainOutboxAtShutdown>());

            bus.UsingRabbitMq((context, cfg) =>
            {
                cfg.UseMashHost(rabbit, serviceName);
                cfg.PrefetchCount = rabbit.PrefetchCount;
                if (rabbit.ConcurrentMessageLimit is { } limit) cfg.ConcurrentMessageLimit = limit;
                cfg.UseProtobufEvents(EventTypes);
                cfg.UseEventRoutes();

                // Faults are retried in place for about three minutes (0.6 s, 1.1 s, 2.1 s ... then every
                // 30 s): long enough to ride out a restart of PostgreSQL or a pool that stays busy. With
                // five retries over six seconds, the 5,000-contact chaos run's database restart (36 s)
                // sent good messages to _error queues. What still fails goes to the endpoint's _error
                // queue with the exception, never into silence; a body that cannot be read goes at once.
                cfg.UseMessageRetry(r =>
                {
                    r.Ignore<SerializationException>();
                    r.Exponential(12, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(500));
                });
                cfg.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(o =>
        {
            o.ConsumerStopTimeout = ShutdownTimings.ConsumerStop;
            o.StopTimeout = ShutdownTimings.BusStop;
        });
        return builder;
    }

    /// <summary>
    /// Counts the service's own error queues (<see cref="ErrorQueueMonitor"/>): its endpoints'
    /// queues are learnt as they start (<see cref="EndpointQueues"/>).
    /// </summary>
    static void AddErrorQueueMonitor(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("ErrorQueues").Get<ErrorQueueOptions>() ?? new ErrorQueueOptions();
        builder.Services.AddSingleton(services => new ErrorQueueMonitor(services.GetRequiredService<EndpointQueues>(), services.GetRequiredService<BrokerQueues>(),
            options, services.GetRequiredService<IMeterFactory>(), services.GetRequiredService<ILogger<ErrorQueueMonitor>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<ErrorQueueMonitor>());
    }

    /// <summary>
    /// Readiness (<see cref="HealthProbes"/>): the database answers and the service is consuming
    /// (<see cref="ConsumerWatch"/>, which also stops a service that stays stalled). Section
    /// <c>Health</c> of configuration.
    /// </summary>
    static void AddReadiness<TDbContext>(this IHostApplicationBuilder builder) where TDbContext : DbContext
    {
        var options = builder.Configuration.GetSection("Health").Get<ConsumerWatchOptions>() ?? new ConsumerWatchOptions();
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConsumerWatch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConsumerWatch>());
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadiness<TDbContext>>("database", tags: [HealthProbes.Ready])
            .AddCheck<ConsumerReadiness>("consumers", tags: [HealthProbes.Ready]);
    }

    /// <summary>The broker as the service's own user, publishes confirmed, over TLS where configured; the connection named for the management UI.</summary>
    public static void UseMashHost(this IRabbitMqBusFactoryConfigurator cfg, RabbitMqOptions rabbit, string connectionName) =>
        cfg.Host(rabbit.Host, rabbit.EffectivePort, rabbit.VirtualHost, h =>
        {
            h.Username(rabbit.Username);
            h.Password(rabbit.Password);
            h.PublisherConfirmation = true;
            h.ConnectionName(connectionName);
            if (rabbit.UseTls) h.UseSsl(ssl => ssl.UseMashTls(rabbit));
        });

    /// <summary>
    /// Protobuf for our events, JSON (MassTransit's default) for everything else, such as its own
    /// Fault&lt;T&gt; messages, which are not protobuf.
    /// </summary>
    public static void UseProtobufEvents(this IBusFactoryConfigurator cfg, ProtobufMessageTypes types)
    {
        var factory = new ProtobufSerializerFactory(types);
        cfg.AddSerializer(factory, isSerializer: false);
        cfg.AddDeserializer(factory);

        // Interfaces every generated class implements are not message types of ours; without this
        // MassTransit would make an exchange for each of them.
        cfg.Publish<IMessage>(p => p.Exclude = true);
        cfg.Publish<IBufferMessage>(p => p.Exclude = true);
        cfg.Publish<IEvent>(p => p.Exclude = true);
        var configure = typeof(MessagingExtensions).GetMethod(nameof(ConfigureProtobufMessage),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        foreach (var type in types.ClrTypes)
            configure.MakeGenericMethod(type).Invoke(null, [cfg]);
    }

    static void ConfigureProtobufMessage<T>(IBusFactoryConfigurator cfg) where T : class, IMessage<T>
    {
        cfg.Send<T>(s => s.UseSerializer(ProtobufSerializerFactory.MediaType));
        cfg.Publish<IMessage<T>>(p => p.Exclude = true);
        cfg.Publish<IDeepCloneable<T>>(p => p.Exclude = true);
    }
}
