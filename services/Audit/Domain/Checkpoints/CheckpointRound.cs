using Mash.Audit.Domain.Trail;

namespace Mash.Audit.Domain.Checkpoints;

/// <summary>One link of the chain as the checkpoint writer reads it: no content, only what links it.</summary>
public sealed record ChainLink(long Sequence, byte[] PreviousHash, byte[] Hash, string LocalAuthority);

/// <summary>
/// The next checkpoints, from the last ones signed and the links appended since. A new head is only
/// signed when it descends from the head signed before: every link from there must follow its
/// predecessor (no sequence missing) and name its stored hash. Otherwise the trail was cut or
/// rewritten below the last checkpoint, and signing its new head would bless the change and
/// overwrite the evidence; the round stops with the problem instead. Entries from before the first
/// checkpoint are taken as found (the first round links them from entry 1). What a link states is
/// not recomputed here: VerifyTrail recomputes every entry against the hashes the checkpoint
/// anchors.
/// </summary>
public sealed class CheckpointRound
{
    readonly Dictionary<string, ChainHead> _newest;
    readonly Dictionary<long, byte[]> _signedLater;
    ChainHead _head;
    bool _moved;

    /// <param name="previous">The checkpoints in force, each with a verified signature.</param>
    public CheckpointRound(IReadOnlyCollection<Checkpoint> previous)
    {
        // From the oldest head signed: a later one (a round that wrote only some files) is then met as a link.
        _head = previous.MinBy(c => c.Chain.Sequence)?.Chain ?? new ChainHead(0, TrailChain.Genesis);
        // A file copied under another authority's name is no reason to stop: each authority's latest counts.
        _newest = previous.GroupBy(c => c.LocalAuthority).ToDictionary(g => g.Key, g => g.MaxBy(c => c.Chain.Sequence)!.Newest);
        _signedLater = previous.Where(c => c.Chain.Sequence > _head.Sequence)
            .DistinctBy(c => c.Chain.Sequence).ToDictionary(c => c.Chain.Sequence, c => c.Chain.Hash);
    }

    /// <summary>The sequence after which the links are to be read.</summary>
    public long After => _head.Sequence;

    /// <summary>Takes the next link in sequence order; the problem when it does not descend from the head.</summary>
    public CheckpointProblem? Follow(ChainLink link)
    {
        if (link.Sequence != _head.Sequence + 1)
            return new CheckpointProblem(ChainCheck.SequenceGap, link.LocalAuthority, link.Sequence, _head.Hash, link.PreviousHash);
        if (!link.PreviousHash.AsSpan().SequenceEqual(_head.Hash))
            return new CheckpointProblem(ChainCheck.PreviousHashMismatch, link.LocalAuthority, link.Sequence, _head.Hash, link.PreviousHash);
        if (_signedLater.TryGetValue(link.Sequence, out var signed) && !signed.AsSpan().SequenceEqual(link.Hash))
            return new CheckpointProblem(CheckpointCheck.CheckpointMismatch, link.LocalAuthority, link.Sequence, signed, link.Hash);
        _head = new ChainHead(link.Sequence, link.Hash);
        _newest[link.LocalAuthority] = _head;
        _moved = true;
        return null;
    }

    /// <summary>A checkpoint per authority at the head reached; none when no link was followed.</summary>
    public IReadOnlyList<Checkpoint> Next(DateTimeOffset now) => _moved
        ? [.. _newest.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new Checkpoint(a.Key, now, _head, a.Value))]
        : [];
}
