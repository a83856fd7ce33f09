using System.Collections.Concurrent;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Mash.Load;

/// <summary>
/// A simulated screener who decides every child as recommended, the moment thresholds publishes its
/// recommendation (no thinking time: the run measures the machine, not a person). It listens to
/// ContactTriaged (a contact's first triage, every child in it) and ChildTriaged (a re-run) on the
/// run's vhost with a queue of its own (exclusive, gone with the connection) and
/// calls thresholds' RecordDecision as services/Cli does: NFA with the recommended reason, otherwise
/// straight to allocation on the recommended pathway. Auto-routed children are decided by the system.
/// </summary>
public sealed class Screener(LoadPipeline pipeline, TrailObserver observer, int concurrency) : IAsyncDisposable
{
    readonly ConcurrentDictionary<string, ThresholdService.ThresholdServiceClient> _clients = new();
    readonly ConcurrentDictionary<string, int> _errors = new();
    IConnection? _connection;
    IChannel? _channel;

    /// <summary>The screener's own queue (and connection name): the bench's, not the pipeline's.</summary>
    public const string QueueName = "mash-load-screener";

    public IReadOnlyDictionary<string, int> Errors => _errors;
    public int Decided;

    public async Task StartAsync()
    {
        var servers = pipeline.Servers;
        _connection = await new ConnectionFactory
        {
            HostName = servers.RabbitHost, Port = servers.RabbitPort, VirtualHost = pipeline.VirtualHost,
            UserName = servers.RabbitUser, Password = servers.RabbitPassword, ConsumerDispatchConcurrency = (ushort)concurrency,
        }.CreateConnectionAsync(QueueName);
        _channel = await _connection.CreateChannelAsync();
        var queue = (await _channel.QueueDeclareAsync(QueueName, durable: false, exclusive: true, autoDelete: true)).QueueName;
        await Triages.BindAsync(_channel, queue);
        await _channel.BasicQosAsync(0, (ushort)(concurrency * 2), false);
        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += OnTriagedAsync;
        await _channel.BasicConsumeAsync(queue, autoAck: false, consumer);
    }

    async Task OnTriagedAsync(object sender, BasicDeliverEventArgs delivery)
    {
        try
        {
            var seen = RunClock.Now;
            await Task.WhenAll(Triages.Of(delivery.BasicProperties, delivery.Body).Select(child => DecideAsync(child, seen)));
        }
        catch (Exception e) { _errors.AddOrUpdate($"{e.GetType().Name}: {e.Message}", 1, (_, n) => n + 1); }
        await _channel!.BasicAckAsync(delivery.DeliveryTag, false);
    }

    async Task DecideAsync(ChildTriaged triaged, double seen)
    {
        try
        {
            observer.Track(triaged.Header.ChildId).ScreenerSaw = seen;
            if (triaged.Recommendation is { AutoRoute: false } recommendation)
            {
                await Client(triaged.Header.LocalAuthority).RecordDecisionAsync(
                    AsRecommended(triaged.Header.ContactId, triaged.Header.ChildId, recommendation), deadline: DateTime.UtcNow.AddSeconds(60));
                Interlocked.Increment(ref Decided);
            }
        }
        catch (RpcException e) { _errors.AddOrUpdate($"RecordDecision {e.StatusCode}: {e.Status.Detail}", 1, (_, n) => n + 1); }
        catch (Exception e) { _errors.AddOrUpdate($"{e.GetType().Name}: {e.Message}", 1, (_, n) => n + 1); }
    }

    /// <summary>The initial decision a screener makes who agrees with the recommendation.</summary>
    public static RecordDecisionRequest AsRecommended(string contactId, string childId, Recommendation recommendation)
    {
        var decision = new RecordDecisionRequest
        {
            ContactId = contactId, ChildId = childId, Stage = DecisionStage.Initial, RecommendationId = recommendation.RecommendationId,
            ReferrerFeedback = "Thank you for your contact: the hub has decided what happens next.",
        };
        if (recommendation.Pathway == Pathway.NoFurtherAction)
            (decision.InitialOutcome, decision.NfaReason) = (InitialDecisionOutcome.NoFurtherAction, recommendation.NfaReason);
        else
            (decision.InitialOutcome, decision.Pathway) = (InitialDecisionOutcome.StraightToAllocation, recommendation.Pathway);
        return decision;
    }

    ThresholdService.ThresholdServiceClient Client(string authority) => _clients.GetOrAdd(authority.Length > 0 ? authority : TestIdentity.Authority,
        hub => new ThresholdService.ThresholdServiceClient(pipeline.Thresholds.Channel.WithBearerToken(TestIdentity.Token(Role.Screener, "", hub))));

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null) await _channel.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
