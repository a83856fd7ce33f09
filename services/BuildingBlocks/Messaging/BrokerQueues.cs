using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Mash.BuildingBlocks.Messaging;

/// <summary>
/// One connection beside the bus for looking at the service's queues (error queue depths, whether its
/// queues have consumers). Passive declares create nothing; the connection is made again when it
/// has gone, so a look after a broker restart works without the bus's help.
/// </summary>
public sealed class BrokerQueues(RabbitMqOptions rabbit, string clientName) : IAsyncDisposable
{
    readonly ConnectionFactory _factory = rabbit.ConnectionFactory(clientName);
    readonly SemaphoreSlim _connecting = new(1, 1);
    IConnection? _connection;

    /// <summary>The queue's ready messages and consumers now; null when there is no such queue.</summary>
    public async Task<QueueDeclareOk?> PeekAsync(string queue, CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        // A passive declare of a missing queue closes its channel: one channel per question.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>What <see cref="RetireAsync"/> found.</summary>
    public enum Retired { Missing, Deleted, NotEmpty }

    /// <summary>
    /// Retires a queue the service no longer consumes: its endpoint exchange (named as the queue, as
    /// MassTransit makes them) goes, so nothing new reaches it; the queue itself goes only when empty
    /// (the broker checks), since what waits in it would otherwise be lost.
    /// </summary>
    public async Task<Retired> RetireAsync(string queue, CancellationToken cancellationToken)
    {
        if (await PeekAsync(queue, cancellationToken) is null) return Retired.Missing;
        var connection = await ConnectAsync(cancellationToken);
        // A refused delete closes its channel too.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await channel.ExchangeDeleteAsync(queue, ifUnused: false, cancellationToken: cancellationToken);
        try
        {
            await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: true, cancellationToken: cancellationToken);
            return Retired.Deleted;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 406)
        {
            return Retired.NotEmpty;
        }
    }

    async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true }) return _connection;
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
            return _connection = await _factory.CreateConnectionAsync(cancellationToken);
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }
}
