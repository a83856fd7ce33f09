using System.Net.Mime;
using Google.Protobuf;
using System.Runtime.Serialization;
using MassTransit;
using MassTransit.Serialization;

namespace Mash.BuildingBlocks.Messaging.Protobuf;

/// <summary>
/// Writes the message as raw protobuf bytes. MassTransit's envelope fields (message id, type, ...)
/// go into transport headers, so the body stays pure protobuf that any language can read.
/// </summary>
public sealed class ProtobufMessageSerializer(ProtobufMessageTypes types) : RawMessageSerializer, IMessageSerializer
{
    public ContentType ContentType => ProtobufSerializerFactory.ProtobufContentType;

    public MessageBody GetMessageBody<T>(SendContext<T> context) where T : class
    {
        if (context.Message is not IMessage message || !types.TryGet(message.GetType(), out var descriptor))
            throw new SerializationException($"{typeof(T).Name} is not a registered protobuf message");

        SetRawMessageHeaders(context);
        context.Headers.Set(ProtobufSerializerFactory.MessageTypeHeader, descriptor.FullName);
        return new BytesMessageBody(message.ToByteArray());
    }
}
