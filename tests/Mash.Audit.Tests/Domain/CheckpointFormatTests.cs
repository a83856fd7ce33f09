using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Mash.Audit.Domain.Checkpoints;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public sealed class CheckpointFormatTests
{
    static byte[] Hash(byte fill) => Enumerable.Repeat(fill, 32).ToArray();

    public static Checkpoint Sample => new("walsall", new DateTimeOffset(2026, 12, 24, 15, 0, 0, 123, TimeSpan.Zero),
        new ChainHead(1200, Hash(0xab)), new ChainHead(1190, Hash(0x01)));

    [Fact]
    public void The_signed_bytes_are_the_tag_then_every_field_length_prefixed_in_a_fixed_order()
    {
        var expected = new List<byte>(Encoding.UTF8.GetBytes("mash.audit.checkpoint.v1"));
        void Int64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, v); expected.AddRange(b); }
        void Bytes(byte[] v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v.Length); expected.AddRange(b); expected.AddRange(v); }
        Bytes(Encoding.UTF8.GetBytes("walsall"));
        Int64(1_798_124_400_123_000); // 2026-12-24T15:00:00.123Z in microseconds
        Int64(1200);
        Bytes(Hash(0xab));
        Int64(1190);
        Bytes(Hash(0x01));

        Assert.Equal(expected, CheckpointFormat.SignedBytes(Sample));
    }

    [Fact]
    public void Changing_any_field_changes_the_signed_bytes()
    {
        var original = CheckpointFormat.SignedBytes(Sample);
        Checkpoint[] changed =
        [
            Sample with { LocalAuthority = "wolverhampton" },
            Sample with { WrittenAt = Sample.WrittenAt.AddTicks(10) },
            Sample with { Chain = Sample.Chain with { Sequence = 1201 } },
            Sample with { Chain = Sample.Chain with { Hash = Hash(0xac) } },
            Sample with { Newest = Sample.Newest with { Sequence = 1191 } },
            Sample with { Newest = Sample.Newest with { Hash = Hash(0x02) } },
        ];
        Assert.All(changed, c => Assert.NotEqual(original, CheckpointFormat.SignedBytes(c)));
    }

    [Fact]
    public void A_file_reads_back_as_written_to_the_microsecond()
    {
        var signed = new SignedCheckpoint(Sample with { WrittenAt = Sample.WrittenAt.AddTicks(7) }, [1, 2, 3]);
        var text = CheckpointFormat.Encode(signed);
        var read = CheckpointFormat.Decode(text);

        Assert.Contains("\"format\": \"mash.audit.checkpoint.v1\"", text);
        Assert.Contains("\"chain_hash\": \"abab", text);
        Assert.Equal(("walsall", 1200L, 1190L), (read.Checkpoint.LocalAuthority, read.Checkpoint.Chain.Sequence, read.Checkpoint.Newest.Sequence));
        Assert.Equal(Hash(0xab), read.Checkpoint.Chain.Hash);
        Assert.Equal(Hash(0x01), read.Checkpoint.Newest.Hash);
        Assert.Equal(Sample.WrittenAt, read.Checkpoint.WrittenAt);
        Assert.Equal([1, 2, 3], read.Signature);
        Assert.Equal(CheckpointFormat.SignedBytes(signed.Checkpoint), CheckpointFormat.SignedBytes(read.Checkpoint));
    }

    public static TheoryData<string, string> NotCheckpoints => new()
    {
        { "another format", "\"format\": \"mash.audit.checkpoint.v1\"|\"format\": \"mash.audit.checkpoint.v2\"" },
        { "a short hash", "\"chain_hash\": \"abab|\"chain_hash\": \"" },
        { "a hash not in hex", "\"chain_hash\": \"ab|\"chain_hash\": \"zz" },
        { "a missing field", "\"authority_sequence\": 1190,|" },
        { "a signature not in base64", "\"signature\": \"|\"signature\": \"!" },
        { "sequence zero", "\"chain_sequence\": 1200|\"chain_sequence\": 0" },
        { "not JSON", "{|[" },
    };

    [Theory]
    [MemberData(nameof(NotCheckpoints))]
    public void A_file_that_is_not_a_checkpoint_of_this_format_is_refused(string what, string edit)
    {
        var text = CheckpointFormat.Encode(new SignedCheckpoint(Sample, [1, 2, 3]));
        var (from, to) = (edit.Split('|')[0], edit.Split('|')[1]);
        Assert.Contains(from, text);
        var changed = text.Replace(from, to, StringComparison.Ordinal);
        var refused = Record.Exception(() => CheckpointFormat.Decode(changed));
        Assert.True(refused is FormatException, $"{what}: {refused?.GetType().Name ?? "accepted"}");
    }

    [Theory]
    [InlineData("walsall", "walsall.checkpoint.json")]
    [InlineData("", "_none.checkpoint.json")]
    public void An_authority_with_a_plain_id_keeps_its_checkpoint_under_its_id(string authority, string file) =>
        Assert.Equal(file, CheckpointFormat.FileName(authority));

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("Walsall")]
    [InlineData("_none")]
    public void Any_other_authority_gets_a_name_no_plain_id_takes(string authority)
    {
        var name = CheckpointFormat.FileName(authority);
        Assert.Matches("^_[0-9a-f]{32}\\.checkpoint\\.json$", name);
        Assert.StartsWith(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authority)))[..32], name[1..]);
    }
}
