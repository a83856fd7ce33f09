using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// The events a service's code can publish, read from its compiled assembly rather than from a
/// list someone must keep: services publish only through the outbox, <c>db.AddEvent&lt;T&gt;</c>
/// (BuildingBlocks' OutboxExtensions), so every <c>AddEvent</c> instantiation in the assembly's
/// metadata is an event it raises; a call to <c>ViewRecording.RecordViewedAsync</c> raises
/// <c>RecordViewed</c>.
/// </summary>
public static class RaisedEvents
{
    /// <summary>Full names of the CLR event types, e.g. Mash.Contracts.Events.V1.ContactReceived.</summary>
    public static IReadOnlySet<string> In(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var metadata = pe.GetMetadataReader();
        var names = new HashSet<string>();
        for (var row = 1; row <= metadata.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var spec = metadata.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row));
            if (Called(metadata, spec.Method) == ("OutboxExtensions", "AddEvent"))
                names.UnionWith(spec.DecodeSignature(new TypeNames(), null));
        }
        foreach (var handle in metadata.MemberReferences)
            if (Called(metadata, handle) == ("ViewRecording", "RecordViewedAsync"))
                names.Add("Mash.Contracts.Events.V1.RecordViewed");
        return names;
    }

    /// <summary>The declaring type's name and the method's name of a call to another assembly.</summary>
    static (string Type, string Method) Called(MetadataReader metadata, EntityHandle method)
    {
        if (method.Kind != HandleKind.MemberReference) return ("", "");
        var member = metadata.GetMemberReference((MemberReferenceHandle)method);
        if (member.Parent.Kind != HandleKind.TypeReference) return ("", "");
        var type = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
        return (metadata.GetString(type.Name), metadata.GetString(member.Name));
    }

    /// <summary>Type names from signatures; a generic parameter (an event not known here) shows as !!n.</summary>
    sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeReference(handle);
            return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
        }

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = reader.GetTypeDefinition(handle);
            return $"{reader.GetString(type.Namespace)}.{reader.GetString(type.Name)}";
        }

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => $"{genericType}<{string.Join(",", typeArguments)}>";
        public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";
        public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[*]";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPinnedType(string elementType) => elementType;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
    }
}
