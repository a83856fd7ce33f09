using System.Net.Mime;
using MassTransit;

namespace Mash.BuildingBlocks.Messaging.Protobuf;

/// <summary>Registers the protobuf serializer with MassTransit under <c>application/x-protobuf</c>.</summary>
public sealed class ProtobufSerializerFactory(ProtobufMessageTypes types) : ISerializerFactory
{
    public const string MediaType = "application/x-protobuf";

    /// <summary>The protobuf full name of the message in the body, e.g. mash.events.v1.ContactReceived.</summary>
    public const string MessageTypeHeader = "Mash-Message-Type";

    public static readonly ContentType ProtobufContentType = new(MediaType);

    public ContentType ContentType => ProtobufContentType;

    public IMessageSerializer CreateSerializer() => new ProtobufMessageSerializer(types);

    public IMessageDeserializer CreateDeserializer() => new ProtobufMessageDeserializer(types);
}
