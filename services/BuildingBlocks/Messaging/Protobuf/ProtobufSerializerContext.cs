using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using MassTransit;
using MassTransit.Serialization;

namespace Mash.BuildingBlocks.Messaging.Protobuf;

/// <summary>
/// One received protobuf message. When the sender named the type (our header), the message was
/// parsed up front and only that type matches; when it did not (a plain producer that set only
/// the content type), the consumer's requested type is parsed on demand.
/// </summary>
sealed class ProtobufSerializerContext(MessageContext context, byte[] body, ProtobufMessageTypes types, IMessage? parsed)
    : BaseSerializerContext(SystemTextJsonMessageSerializer.Instance, context, parsed is null ? [] : [MessageUrn.ForTypeString(parsed.GetType())])
{
    readonly Dictionary<Type, IMessage> _cache = parsed is null ? [] : new() { [parsed.GetType()] = parsed };

    public override bool IsSupportedMessageType<T>() where T : class => IsSupportedMessageType(typeof(T));

    public override bool IsSupportedMessageType(Type messageType) =>
        parsed is not null ? messageType == parsed.GetType() : types.TryGet(messageType, out _);

    public override bool TryGetMessage<T>([NotNullWhen(true)] out T? message) where T : class
    {
        var found = TryGetMessage(typeof(T), out var value);
        message = value as T;
        return found && message is not null;
    }

    public override bool TryGetMessage(Type messageType, [NotNullWhen(true)] out object? message)
    {
        message = null;
        if (_cache.TryGetValue(messageType, out var cached))
        {
            message = cached;
            return true;
        }

        // A named type matches only itself; an unnamed body may be read as any registered type.
        if (parsed is not null || !types.TryGet(messageType, out var descriptor))
            return false;

        var value = descriptor.Parser.ParseFrom(body);
        _cache[messageType] = value;
        message = value;
        return true;
    }

    public override IMessageSerializer GetMessageSerializer() => new ProtobufMessageSerializer(types);

    public override IMessageSerializer GetMessageSerializer<T>(MessageEnvelope envelope, T message) => new ProtobufMessageSerializer(types);

    public override IMessageSerializer GetMessageSerializer(object message, string[] messageTypes) => new ProtobufMessageSerializer(types);

    public override Dictionary<string, object> ToDictionary<T>(T? message) where T : class =>
        throw new NotSupportedException("Protobuf messages are not converted to dictionaries");
}
