using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Mash.BuildingBlocks.Data;
using static Mash.Audit.Domain.CanonicalWriter;

namespace Mash.Audit.Domain.Trail;

/// <summary>
/// The hash chain of the trail: hash = SHA-256(previous_hash || canonical bytes), the first entry
/// following 32 zero bytes. The canonical bytes (version 1) are the tag "mash.audit.trail.v1" and
/// then every stored field in a fixed order, each self-delimiting (<see cref="CanonicalWriter"/>).
/// Migration 0002 computes the same bytes in SQL for entries recorded before the chain.
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
    public static DateTimeOffset Stored(DateTimeOffset instant) => StoredTime.Of(instant);

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
}
