using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mash.BuildingBlocks.Messaging.Protobuf;

/// <summary>
/// The protobuf message types that may travel on the bus, by their protobuf full name
/// (for example <c>mash.events.v1.ContactReceived</c>). The name, not the CLR type, goes in the
/// message-type header so that a producer in another language can name what it sends.
/// </summary>
public sealed class ProtobufMessageTypes
{
    readonly FrozenDictionary<string, MessageDescriptor> _byName;
    readonly FrozenDictionary<Type, MessageDescriptor> _byType;

    public ProtobufMessageTypes(IEnumerable<MessageDescriptor> descriptors)
    {
        var list = descriptors.ToList();
        _byName = list.ToFrozenDictionary(d => d.FullName, StringComparer.Ordinal);
        _byType = list.ToFrozenDictionary(d => d.ClrType);
    }

    /// <summary>Every generated message class in the assembly that implements <typeparamref name="TMarker"/>.</summary>
    public static ProtobufMessageTypes Implementing<TMarker>(Assembly assembly) =>
        new(assembly.GetTypes()
            .Where(t => t.IsClass && typeof(IMessage).IsAssignableFrom(t) && typeof(TMarker).IsAssignableFrom(t))
            .Select(t => (MessageDescriptor)t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!));

    public IEnumerable<Type> ClrTypes => _byType.Keys;

    public bool TryGet(string fullName, out MessageDescriptor descriptor) => _byName.TryGetValue(fullName, out descriptor!);

    public bool TryGet(Type clrType, out MessageDescriptor descriptor) => _byType.TryGetValue(clrType, out descriptor!);
}
