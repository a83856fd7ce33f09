using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mash.Audit.Domain.Trail;
using Mash.BuildingBlocks.Data;
using static Mash.Audit.Domain.CanonicalWriter;

namespace Mash.Audit.Domain.Checkpoints;

/// <summary>
/// How a checkpoint is signed and stored. The signature covers canonical bytes, not the file's
/// text, so the file may be re-indented without breaking it: the tag "mash.audit.checkpoint.v1",
/// then the authority (text), the instant written (microseconds), the chain's head sequence and
/// hash, and the authority's newest entry's sequence and hash (<see cref="CanonicalWriter"/>). The
/// file is one JSON object with those fields (hashes in lower-case hex), the format tag and the
/// signature (base64). A later format gets a new tag; a reader refuses a tag it does not know.
/// </summary>
public static partial class CheckpointFormat
{
    public const string Version = "mash.audit.checkpoint.v1";

    public const string Extension = ".checkpoint.json";

    static readonly byte[] Tag = Encoding.UTF8.GetBytes(Version);

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectRequiredConstructorParameters = true,
        WriteIndented = true,
    };

    sealed record Body(string Format, string LocalAuthority, DateTimeOffset WrittenAt, long ChainSequence, string ChainHash,
        long AuthoritySequence, string AuthorityHash, string Signature);

    /// <summary>The bytes the signature covers.</summary>
    public static byte[] SignedBytes(Checkpoint c)
    {
        var w = new ArrayBufferWriter<byte>(160);
        w.Write(Tag);
        Text(w, c.LocalAuthority);
        Instant(w, c.WrittenAt);
        Int(w, c.Chain.Sequence);
        Bytes(w, c.Chain.Hash);
        Int(w, c.Newest.Sequence);
        Bytes(w, c.Newest.Hash);
        return w.WrittenSpan.ToArray();
    }

    public static string Encode(SignedCheckpoint signed)
    {
        var c = signed.Checkpoint;
        return JsonSerializer.Serialize(new Body(Version, c.LocalAuthority, StoredTime.Of(c.WrittenAt), c.Chain.Sequence,
            Convert.ToHexStringLower(c.Chain.Hash), c.Newest.Sequence, Convert.ToHexStringLower(c.Newest.Hash),
            Convert.ToBase64String(signed.Signature)), Json) + "\n";
    }

    /// <exception cref="FormatException">Not a checkpoint of a format this reader knows.</exception>
    public static SignedCheckpoint Decode(string text)
    {
        Body body;
        try { body = JsonSerializer.Deserialize<Body>(text, Json) ?? throw new FormatException("empty"); }
        catch (JsonException ex) { throw new FormatException(ex.Message, ex); }
        if (body.Format != Version) throw new FormatException($"format '{body.Format}' is not {Version}");
        if (body.LocalAuthority is null) throw new FormatException("local_authority is missing");
        return new SignedCheckpoint(
            new Checkpoint(body.LocalAuthority, body.WrittenAt, Head(body.ChainSequence, body.ChainHash), Head(body.AuthoritySequence, body.AuthorityHash)),
            Convert.FromBase64String(body.Signature ?? throw new FormatException("signature is missing")));
    }

    static ChainHead Head(long sequence, string? hex)
    {
        var hash = Convert.FromHexString(hex ?? throw new FormatException("a hash is missing"));
        if (hash.Length != TrailChain.HashLength) throw new FormatException($"a hash of {hash.Length} bytes, not {TrailChain.HashLength}");
        if (sequence < 1) throw new FormatException($"sequence {sequence} is not an entry's");
        return new ChainHead(sequence, hash);
    }

    /// <summary>
    /// The file an authority's checkpoint is kept in: its id when that is a plain name, otherwise
    /// (or for entries with no authority) a name no plain id can take.
    /// </summary>
    public static string FileName(string localAuthority) =>
        (localAuthority.Length == 0 ? "_none"
            : PlainName().IsMatch(localAuthority) ? localAuthority
            : "_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(localAuthority)))[..32]) + Extension;

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,63}$")]
    private static partial Regex PlainName();
}
