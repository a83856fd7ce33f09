using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Mash.BuildingBlocks.Data;

namespace Mash.Audit.Domain;

/// <summary>
/// The self-delimiting encoding that hashed and signed records are written in, so no two records
/// encode alike: integers as 8 bytes big-endian, instants as microseconds since 1970-01-01 UTC in
/// 8 bytes big-endian (the precision PostgreSQL keeps), text as a 4-byte big-endian length and its
/// UTF-8 bytes, bytes as a length and the bytes, a list as a 4-byte count and its items.
/// </summary>
public static class CanonicalWriter
{
    public static void Int(ArrayBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    public static void Count(ArrayBufferWriter<byte> w, int count)
    {
        BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), count);
        w.Advance(4);
    }

    public static void Instant(ArrayBufferWriter<byte> w, DateTimeOffset instant) =>
        Int(w, (StoredTime.Of(instant).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);

    public static void Text(ArrayBufferWriter<byte> w, string value) => Bytes(w, Encoding.UTF8.GetBytes(value));

    public static void Bytes(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> value)
    {
        Count(w, value.Length);
        w.Write(value);
    }
}
