using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mash.Audit.Domain.Trail;

/// <summary>
/// The hash chain of the trail: hash = SHA-256(previous_hash || canonical bytes), the first entry
/// following 32 zero bytes. The canonical bytes (version 1) are the tag "mash.audit.trail.v1" and
/// then every stored field in a fixed order, each self-delimiting: integers as 8 bytes big-endian,
/// instants as microseconds since 1970-01-01 UTC in 8 bytes big-endian (the precision PostgreSQL
/// keeps), text as a 4-byte big-endian length and its UTF-8 bytes, bytes as a length and the bytes,
/// a list as a 4-byte count and its items. Migration 0002 computes the same bytes in SQL for
/// entries recorded before the chain.
/// </summary>
public static class TrailChain
{
    public const int HashLength = 32;

    static readonly byte[] Tag = Encoding.UTF8.GetBytes("mash.audit.trail.v1");

    /// <summary>What the first entry's previous_hash holds.</summary>
    public static byte[] Genesis => new byte[HashLength];

    public static byte[] Hash(ReadOnlySpan<byte> previousHash, TrailContent content)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + content.Body.Length);
        buffer.Write(previousHash);
        WriteCanonical(buffer, content);
        return SHA256.HashData(buffer.WrittenSpan);
    }

    /// <summary>The bytes hashed after the previous hash.</summary>
    public static byte[] CanonicalBytes(TrailContent content)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + content.Body.Length);
        WriteCanonical(buffer, content);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An instant as the trail stores it: UTC, whole microseconds.</summary>
    public static DateTimeOffset Stored(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    static void WriteCanonical(ArrayBufferWriter<byte> w, TrailContent c)
    {
        w.Write(Tag);
        Int(w, c.Sequence);
        Text(w, c.EventId.ToString("D"));
        Text(w, c.EventType);
        Instant(w, c.OccurredAt);
        Instant(w, c.RecordedAt);
        Bytes(w, c.Actor);
        Text(w, c.ContactId);
        Count(w, c.ChildIds.Count);
        foreach (var child in c.ChildIds) Text(w, child);
        Text(w, c.LocalAuthority);
        Text(w, c.RuleSetId);
        Int(w, c.RuleSetVersion);
        Text(w, c.RuleSetHash);
        Text(w, c.Summary);
        Bytes(w, c.Body);
    }

    static void Int(ArrayBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    static void Count(ArrayBufferWriter<byte> w, int count)
    {
        BinaryPrimitives.WriteInt32BigEndian(w.GetSpan(4), count);
        w.Advance(4);
    }

    static void Instant(ArrayBufferWriter<byte> w, DateTimeOffset instant) =>
        Int(w, (Stored(instant).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);

    static void Text(ArrayBufferWriter<byte> w, string value) => Bytes(w, Encoding.UTF8.GetBytes(value));

    static void Bytes(ArrayBufferWriter<byte> w, ReadOnlySpan<byte> value)
    {
        Count(w, value.Length);
        w.Write(value);
    }
}
