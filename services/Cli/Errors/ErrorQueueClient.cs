using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Errors;
using MassTransit;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Mash.Cli.Errors;

/// <summary>What a replay did: messages sent back to the queue, and messages left in the error queue.</summary>
public sealed record ReplayResult(string ErrorQueue, string Queue, IReadOnlyList<string?> Replayed, int Left);

/// <summary>
/// Reads and replays the error queues of one virtual host. Reading takes each message without
/// acknowledging it and hands all back at the end (the broker marks them redelivered), so a crash
/// mid-way loses nothing. A replay takes a message, publishes it to the queue it failed from with
/// publisher confirms, and acknowledges it in the error queue only once the broker has confirmed:
/// a replay cut short leaves at worst a copy in both queues, and the consumer's inbox drops the
/// copy, because the body (its event id) and the MessageId go back unchanged.
/// </summary>
public sealed class ErrorQueueClient(Broker broker)
{
    /// <summary>At most this many messages of one queue are read for a listing; a count says how many wait.</summary>
    public const int ReadLimit = 10_000;

    /// <summary>Every queue of the virtual host named <c>*_error</c> (the management API lists queues; AMQP cannot).</summary>
    public async Task<IReadOnlyList<string>> ErrorQueueNamesAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://{broker.Rabbit.Host}:{broker.ManagementPort}/api/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.Rabbit.Username}:{broker.Rabbit.Password}")));
        var queues = await http.GetFromJsonAsync<List<QueueName>>($"queues/{Uri.EscapeDataString(broker.Rabbit.VirtualHost)}?columns=name", cancellationToken)
            ?? [];
        return queues.Select(q => q.Name).Where(ErrorQueues.IsErrorQueue).Order(StringComparer.Ordinal).ToList();
    }

    sealed record QueueName(string Name);

    /// <summary>How many messages wait in a queue (a passive declare: nothing is created).</summary>
    public async Task<uint> CountAsync(string queue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        return await DeclaredCountAsync(channel, queue, cancellationToken);
    }

    /// <summary>The messages of an error queue, described by their headers, left where they are.</summary>
    public async Task<IReadOnlyList<FailedMessage>> ReadAsync(string errorQueue, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var waiting = Math.Min(await DeclaredCountAsync(channel, errorQueue, cancellationToken), ReadLimit);
        var messages = new List<FailedMessage>();
        ulong last = 0;
        for (var i = 0; i < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } got; i++)
        {
            messages.Add(FailedMessage.From(errorQueue, got.BasicProperties));
            last = got.DeliveryTag;
        }
        if (last > 0) await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken);
        return messages;
    }

    /// <summary>
    /// Sends the messages of <paramref name="queue"/>'s error queue (either name may be given) back to
    /// the queue they failed from: all of them, or only the one whose MessageId is <paramref name="messageId"/>.
    /// </summary>
    public async Task<ReplayResult> ReplayAsync(string queue, string? messageId, CancellationToken cancellationToken)
    {
        var errorQueue = ErrorQueues.IsErrorQueue(queue) ? queue : ErrorQueues.Of(queue);
        var target = ErrorQueues.SourceOf(errorQueue);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        var waiting = await DeclaredCountAsync(channel, errorQueue, cancellationToken);
        await DeclaredCountAsync(channel, target, cancellationToken);

        var replayed = new List<string?>();
        var kept = 0;
        ulong last = 0;
        for (var i = 0; i < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } got; i++)
        {
            last = got.DeliveryTag;
            if (messageId is not null && got.BasicProperties.MessageId != messageId)
            {
                kept++;
                continue;
            }
            // Mandatory: a message the default exchange cannot route to the queue comes back as an
            // error instead of vanishing. The publish returns once the broker confirmed it.
            await channel.BasicPublishAsync("", target, mandatory: true, AsReplayed(got.BasicProperties), got.Body, cancellationToken);
            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
            replayed.Add(got.BasicProperties.MessageId);
        }
        if (kept > 0) await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken);
        return new ReplayResult(errorQueue, target, replayed, (int)waiting - replayed.Count);
    }

    /// <summary>The original properties (MessageId, content type, Mash-Message-Type ...) without the fault MassTransit added.</summary>
    static BasicProperties AsReplayed(IReadOnlyBasicProperties original)
    {
        var properties = new BasicProperties(original);
        if (original.Headers is { } headers)
            properties.Headers = headers
                .Where(h => !h.Key.StartsWith("MT-Fault-", StringComparison.Ordinal) && !h.Key.StartsWith("MT-Host-", StringComparison.Ordinal)
                    && h.Key != MessageHeaders.Reason)
                .ToDictionary(h => h.Key, h => h.Value);
        return properties;
    }

    /// <summary>A passive declare's count; a queue that is not there is a clear error, not a new queue.</summary>
    async Task<uint> DeclaredCountAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            throw new QueueNotFoundException($"No queue '{queue}' in virtual host '{broker.Rabbit.VirtualHost}'");
        }
    }

    Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        broker.Rabbit.ConnectionFactory("mash-cli errors").CreateConnectionAsync(cancellationToken);
}

public sealed class QueueNotFoundException(string message) : Exception(message);
