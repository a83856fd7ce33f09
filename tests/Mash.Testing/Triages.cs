using System.Text;
using Mash.BuildingBlocks.Messaging.Protobuf;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Events.V1;
using RabbitMQ.Client;

namespace Mash.Testing;

/// <summary>
/// Every child triage thresholds announces, as a listener outside the services reads them: a
/// contact's first, all its children in one ContactTriaged, and each re-run, a ChildTriaged alone.
/// </summary>
public static class Triages
{
    /// <summary>Binds the queue to both kinds (every key).</summary>
    public static async Task BindAsync(IChannel channel, string queue)
    {
        await EventExchanges.BindAllAsync(channel, typeof(ContactTriaged), queue);
        await EventExchanges.BindAllAsync(channel, typeof(ChildTriaged), queue);
    }

    /// <summary>The children's triages a delivery holds, by its message type header: a ContactTriaged's children, or the one ChildTriaged.</summary>
    public static IReadOnlyList<ChildTriaged> Of(IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body)
    {
        var type = properties.Headers is { } headers && headers.TryGetValue(ProtobufSerializerFactory.MessageTypeHeader, out var name) && name is byte[] bytes
            ? Encoding.UTF8.GetString(bytes) : "";
        return type == ContactTriaged.Descriptor.FullName
            ? ContactTriaged.Parser.ParseFrom(body.Span).Children
            : [ChildTriaged.Parser.ParseFrom(body.Span)];
    }
}
