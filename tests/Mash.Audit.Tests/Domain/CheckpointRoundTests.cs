using System.Security.Cryptography;
using Mash.Audit.Domain.Checkpoints;
using Mash.Audit.Domain.Trail;
using Xunit;

namespace Mash.Audit.Tests.Domain;

/// <summary>The checks of a trail against its checkpoint, and how the writer moves the checkpoint on.</summary>
public sealed class CheckpointRoundTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 24, 15, 0, 0, TimeSpan.Zero);

    /// <summary>A linked chain: entry i of authority[i % n], hashes made up but linked.</summary>
    static List<ChainLink> Chain(int length, params string[] authorities)
    {
        var links = new List<ChainLink>();
        var previous = TrailChain.Genesis;
        for (var i = 1; i <= length; i++)
        {
            var hash = SHA256.HashData([.. previous, (byte)i]);
            links.Add(new ChainLink(i, previous, hash, authorities[i % authorities.Length]));
            previous = hash;
        }
        return links;
    }

    static IReadOnlyList<Checkpoint> Round(IReadOnlyCollection<Checkpoint> previous, IEnumerable<ChainLink> links, out CheckpointProblem? problem)
    {
        var round = new CheckpointRound(previous);
        problem = null;
        foreach (var link in links.Where(l => l.Sequence > round.After))
            if ((problem = round.Follow(link)) is not null) return [];
        return round.Next(Now);
    }

    static Dictionary<long, byte[]> Stored(IEnumerable<ChainLink> links) => links.ToDictionary(l => l.Sequence, l => l.Hash);

    [Fact]
    public void The_first_round_links_the_chain_from_entry_1_and_gives_each_authority_the_head_and_its_newest_entry()
    {
        var chain = Chain(7, "walsall", "wolverhampton");
        var next = Round([], chain, out var problem);

        Assert.Null(problem);
        Assert.Equal(["walsall", "wolverhampton"], next.Select(c => c.LocalAuthority));
        Assert.All(next, c => Assert.Equal((7L, chain[6].Hash, Now), (c.Chain.Sequence, c.Chain.Hash, c.WrittenAt)));
        Assert.Equal(6, next[0].Newest.Sequence); // walsall: the even entries
        Assert.Equal(chain[5].Hash, next[0].Newest.Hash);
        Assert.Equal(7, next[1].Newest.Sequence);
    }

    [Fact]
    public void A_later_round_moves_on_from_the_last_checkpoint_and_keeps_an_authority_with_no_new_entry()
    {
        var chain = Chain(10, "walsall");
        var first = Round([], chain.Take(6), out _);
        var quiet = first[0] with { LocalAuthority = "wolverhampton", Newest = new ChainHead(2, chain[1].Hash) };

        var next = Round([first[0], quiet], chain, out var problem);

        Assert.Null(problem);
        Assert.All(next, c => Assert.Equal(10, c.Chain.Sequence));
        Assert.Equal(10, next.Single(c => c.LocalAuthority == "walsall").Newest.Sequence);
        Assert.Equal(2, next.Single(c => c.LocalAuthority == "wolverhampton").Newest.Sequence);
    }

    [Fact]
    public void Nothing_is_written_when_the_trail_has_not_moved()
    {
        var chain = Chain(4, "walsall");
        Assert.Empty(Round(Round([], chain, out _), chain, out var problem));
        Assert.Null(problem);
    }

    [Fact]
    public void A_tail_cut_and_appended_again_does_not_descend_from_the_checkpoint()
    {
        var chain = Chain(6, "walsall");
        var signed = Round([], chain, out _);
        // Entries 5 and 6 deleted, three new ones appended after entry 4.
        var rewritten = chain.Take(4).ToList();
        var previous = rewritten[^1].Hash;
        for (var i = 5; i <= 7; i++)
        {
            var hash = SHA256.HashData([.. previous, (byte)(100 + i)]);
            rewritten.Add(new ChainLink(i, previous, hash, "walsall"));
            previous = hash;
        }

        Assert.Empty(Round(signed, rewritten, out var problem));
        Assert.Equal((7L, ChainCheck.PreviousHashMismatch), (problem!.Sequence, problem.Problem));
        Assert.Equal(chain[5].Hash, problem.CheckpointHash);
    }

    [Fact]
    public void A_gap_after_the_checkpoint_stops_the_round()
    {
        var chain = Chain(8, "walsall");
        var signed = Round([], chain.Take(4), out _);
        Assert.Empty(Round(signed, chain.Where(l => l.Sequence != 6), out var problem));
        Assert.Equal((7L, ChainCheck.SequenceGap), (problem!.Sequence, problem.Problem));
    }

    [Fact]
    public void A_later_checkpoint_of_a_round_that_wrote_only_some_files_must_be_met_by_the_chain()
    {
        var chain = Chain(8, "walsall", "wolverhampton");
        var older = Round([], chain.Take(4), out _);
        var newer = Round([], chain.Take(6), out _);
        IReadOnlyCollection<Checkpoint> mixed = [older[0], newer[1]];
        Assert.Equal(8, Round(mixed, chain, out var problem)[0].Chain.Sequence);
        Assert.Null(problem);

        // The chain rewritten from entry 5 on, links and all: the newer file's head is not met.
        var forged = chain.Take(4).ToList();
        var previous = forged[^1].Hash;
        for (var i = 5; i <= 8; i++)
        {
            var hash = SHA256.HashData([.. previous, (byte)(200 + i)]);
            forged.Add(new ChainLink(i, previous, hash, i % 2 == 0 ? "walsall" : "wolverhampton"));
            previous = hash;
        }
        Assert.Empty(Round(mixed, forged, out problem));
        Assert.Equal((6L, CheckpointCheck.CheckpointMismatch), (problem!.Sequence, problem.Problem));
    }

    [Fact]
    public void Two_files_of_one_authority_count_as_its_latest()
    {
        var chain = Chain(8, "walsall");
        var older = Round([], chain.Take(3), out _)[0];
        var newer = Round([], chain.Take(5), out _)[0];
        var next = Round([older, newer], chain, out var problem);
        Assert.Null(problem);
        Assert.Equal((8L, 8L), (next.Single().Chain.Sequence, next.Single().Newest.Sequence));
    }

    [Fact]
    public void A_trail_longer_than_its_checkpoint_passes_the_check()
    {
        var chain = Chain(9, "walsall");
        var checkpoint = Round([], chain.Take(6), out _)[0];
        Assert.Null(CheckpointCheck.Check(checkpoint, Stored(chain)));
        Assert.Equal([6L, 6L], CheckpointCheck.Sequences(checkpoint));
    }

    [Fact]
    public void A_trail_cut_below_its_checkpoint_is_shorter_than_it()
    {
        var chain = Chain(6, "walsall", "wolverhampton");
        var walsall = Round([], chain, out _)[0]; // head 6, walsall's newest 6
        var problem = CheckpointCheck.Check(walsall, Stored(chain.Take(4)));
        Assert.Equal((CheckpointCheck.ShorterThanCheckpoint, 6L), (problem!.Problem, problem.Sequence));
        Assert.Equal(chain[5].Hash, problem.CheckpointHash);
        Assert.Empty(problem.StoredHash);
    }

    [Fact]
    public void An_entry_of_the_checkpoint_with_another_hash_is_a_mismatch_the_authoritys_first()
    {
        var chain = Chain(7, "walsall", "wolverhampton");
        var walsall = Round([], chain, out _)[0]; // head 7, walsall's newest 6
        var stored = Stored(chain);
        stored[6] = new byte[32];
        stored[7] = new byte[32];
        var problem = CheckpointCheck.Check(walsall, stored);
        Assert.Equal((CheckpointCheck.CheckpointMismatch, 6L, "walsall"), (problem!.Problem, problem.Sequence, problem.LocalAuthority));
        Assert.Equal(new byte[32], problem.StoredHash);
    }
}
