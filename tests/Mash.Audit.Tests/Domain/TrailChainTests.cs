using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Mash.Audit.Domain.Trail;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public sealed class TrailChainTests
{
    static readonly DateTimeOffset Occurred = new(2026, 12, 24, 15, 0, 0, 123, TimeSpan.Zero);

    public static TrailContent Content(long sequence = 1) => new(
        sequence, Guid.Parse("0195f3c2-0000-7000-8000-000000000001"), "mash.events.v1.ChildRouted", Occurred, Occurred.AddSeconds(1),
        [1, 2, 3], "contact-1", ["child-1", "child-2"], "walsall", "walsall-levels-of-need", 3, "abc123", "Routed to early help", [9, 8, 7]);

    [Fact]
    public void The_canonical_bytes_are_the_tag_then_every_field_length_prefixed_in_a_fixed_order()
    {
        var expected = new List<byte>(Encoding.UTF8.GetBytes("mash.audit.trail.v1"));
        void Int64(long v) { var b = new byte[8]; BinaryPrimitives.WriteInt64BigEndian(b, v); expected.AddRange(b); }
        void Int32(int v) { var b = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(b, v); expected.AddRange(b); }
        void Bytes(byte[] v) { Int32(v.Length); expected.AddRange(v); }
        void Text(string v) => Bytes(Encoding.UTF8.GetBytes(v));
        Int64(1);
        Text("0195f3c2-0000-7000-8000-000000000001");
        Text("mash.events.v1.ChildRouted");
        Int64(1_798_124_400_123_000); // 2026-12-24T15:00:00.123Z in microseconds
        Int64(1_798_124_401_123_000);
        Bytes([1, 2, 3]);
        Text("contact-1");
        Int32(2); Text("child-1"); Text("child-2");
        Text("walsall");
        Text("walsall-levels-of-need");
        Int64(3);
        Text("abc123");
        Text("Routed to early help");
        Bytes([9, 8, 7]);

        Assert.Equal(expected, TrailChain.CanonicalBytes(Content()));
        var previous = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        Assert.Equal(SHA256.HashData([.. previous, .. expected]), TrailChain.Hash(previous, Content()));
    }

    [Fact]
    public void Changing_any_field_changes_the_hash()
    {
        var original = Content();
        TrailContent[] changed =
        [
            original with { Sequence = 2 },
            original with { EventId = Guid.NewGuid() },
            original with { EventType = "mash.events.v1.ChildTriaged" },
            original with { OccurredAt = original.OccurredAt.AddTicks(10) },
            original with { RecordedAt = original.RecordedAt.AddTicks(10) },
            original with { Actor = [1, 2, 4] },
            original with { ContactId = "contact-2" },
            original with { ChildIds = ["child-1"] },
            original with { ChildIds = ["child-1child-2"] },
            original with { LocalAuthority = "wolverhampton" },
            original with { RuleSetId = "other" },
            original with { RuleSetVersion = 4 },
            original with { RuleSetHash = "abc124" },
            original with { Summary = "Routed to early help." },
            original with { Body = [9, 8, 6] },
            // Moving bytes from one field to the next is not the same entry either.
            original with { ContactId = "contact-1w", LocalAuthority = "alsall" },
        ];
        var hash = TrailChain.Hash(TrailChain.Genesis, original);
        Assert.All(changed, c => Assert.NotEqual(hash, TrailChain.Hash(TrailChain.Genesis, c)));
        Assert.NotEqual(hash, TrailChain.Hash(TrailChain.Hash(TrailChain.Genesis, original), original));
    }

    [Fact]
    public void Instants_are_kept_to_the_microsecond_as_PostgreSQL_stores_them()
    {
        var precise = new DateTimeOffset(2026, 12, 24, 15, 0, 0, TimeSpan.FromHours(1)).AddTicks(1234567);
        var stored = TrailChain.Stored(precise);
        Assert.Equal((TimeSpan.Zero, 1234560L), (stored.Offset, stored.UtcTicks % 10_000_000));
        Assert.Equal(TrailChain.Hash(TrailChain.Genesis, Content() with { OccurredAt = precise }),
            TrailChain.Hash(TrailChain.Genesis, Content() with { OccurredAt = stored }));
    }

    static List<StoredEntry> Chain(int count)
    {
        var entries = new List<StoredEntry>();
        var previous = TrailChain.Genesis;
        for (var i = 1; i <= count; i++)
        {
            var content = Content(i) with { EventId = Guid.NewGuid() };
            var hash = TrailChain.Hash(previous, content);
            entries.Add(new StoredEntry(content, previous, hash));
            previous = hash;
        }
        return entries;
    }

    [Fact]
    public void A_chain_as_appended_holds()
    {
        Assert.Null(ChainCheck.CheckRun(null, Chain(5)));
    }

    [Fact]
    public void A_changed_entry_is_named_with_a_hash_mismatch()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Content = chain[2].Content with { Summary = "Routed to no further action" } };
        var broken = ChainCheck.CheckRun(null, chain)!;
        Assert.Equal((3L, ChainCheck.HashMismatch), (broken.Entry.Sequence, broken.Problem));
        Assert.Equal(chain[2].Hash, broken.StoredHash);
        Assert.Equal(TrailChain.Hash(chain[2].PreviousHash, chain[2].Content), broken.ExpectedHash);
    }

    [Fact]
    public void A_changed_entry_given_a_new_hash_breaks_the_link_of_the_entry_after_it()
    {
        var chain = Chain(5);
        var content = chain[2].Content with { Summary = "Routed to no further action" };
        chain[2] = chain[2] with { Content = content, Hash = TrailChain.Hash(chain[2].PreviousHash, content) };
        var broken = ChainCheck.CheckRun(null, chain)!;
        Assert.Equal((4L, ChainCheck.PreviousHashMismatch), (broken.Entry.Sequence, broken.Problem));
        Assert.Equal(chain[2].Hash, broken.ExpectedHash);
    }

    [Fact]
    public void A_missing_entry_is_a_sequence_gap_and_the_first_entry_follows_the_zero_hash()
    {
        var chain = Chain(5);
        chain.RemoveAt(1);
        Assert.Equal((3L, ChainCheck.SequenceGap), (ChainCheck.CheckRun(null, chain)!.Entry.Sequence, ChainCheck.CheckRun(null, chain)!.Problem));

        var first = Chain(1)[0];
        var forged = first with { PreviousHash = Enumerable.Repeat((byte)1, 32).ToArray() };
        forged = forged with { Hash = TrailChain.Hash(forged.PreviousHash, forged.Content) };
        Assert.Equal(ChainCheck.PreviousHashMismatch, ChainCheck.Check(null, forged)!.Problem);
        Assert.Equal(ChainCheck.SequenceGap, ChainCheck.Check(null, Chain(2)[1])!.Problem);
    }
}
