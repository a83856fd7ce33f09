using System.Net.Mime;
using System.Runtime.Serialization;
using MassTransit;
using MassTransit.Serialization;

namespace Mash.BuildingBlocks.Messaging.Protobuf;

/// <summary>
/// Reads raw protobuf bodies. A body whose type header names a message we do not know, or whose
/// bytes do not parse as the named type, throws <see cref="SerializationException"/>; MassTransit
/// then moves it to the endpoint's error queue instead of dropping it.
/// </summary>
public sealed class ProtobufMessageDeserializer(ProtobufMessageTypes types) : IMessageDeserializer
{
    public ContentType ContentType => ProtobufSerializerFactory.ProtobufContentType;

    public void Probe(ProbeContext context)
    {
        var scope = context.CreateScope("protobuf");
        scope.Add("contentType", ContentType.MediaType);
    }

    public ConsumeContext Deserialize(ReceiveContext receiveContext) =>
        new BodyConsumeContext(receiveContext, Deserialize(receiveContext.Body, receiveContext.TransportHeaders, receiveContext.InputAddress));

    public SerializerContext Deserialize(MessageBody body, Headers headers, Uri? destinationAddress = null)
    {
        var bytes = body.GetBytes();
        var messageContext = new RawMessageContext(headers, destinationAddress, RawSerializerOptions.Default);

        var typeName = headers.Get<string>(ProtobufSerializerFactory.MessageTypeHeader);
        if (string.IsNullOrEmpty(typeName))
            return new ProtobufSerializerContext(messageContext, bytes, types, parsed: null);

        if (!types.TryGet(typeName, out var descriptor))
            throw new SerializationException($"Unknown protobuf message type '{typeName}'");

        try
        {
            return new ProtobufSerializerContext(messageContext, bytes, types, descriptor.Parser.ParseFrom(bytes));
        }
        catch (Exception ex)
        {
            throw new SerializationException($"The body is not a valid '{typeName}' message", ex);
        }
    }

    public MessageBody GetMessageBody(string text) => new StringMessageBody(text);
}
