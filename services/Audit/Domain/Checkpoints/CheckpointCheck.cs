namespace Mash.Audit.Domain.Checkpoints;

/// <summary>
/// A trail measured against a checkpoint whose signature verified. The entries the checkpoint names
/// (the chain's head and the authority's newest entry) must still be there with the hashes it
/// holds. Each hash covers every entry before it, so together with the chain's own walk this shows
/// an entry removed from the tail, or the tail rewritten and hashed again, up to the checkpoint.
/// Entries after the checkpoint are the chain's business: a trail longer than its checkpoint is
/// what an honest trail looks like between two checkpoints.
/// </summary>
public static class CheckpointCheck
{
    public const string ShorterThanCheckpoint = "shorter than checkpoint";
    public const string CheckpointMismatch = "checkpoint mismatch";
    public const string SignatureInvalid = "checkpoint signature invalid";
    public const string Unreadable = "checkpoint unreadable";

    /// <summary>The sequences whose stored hashes <see cref="Check"/> needs.</summary>
    public static IEnumerable<long> Sequences(Checkpoint checkpoint) => [checkpoint.Newest.Sequence, checkpoint.Chain.Sequence];

    /// <param name="stored">The hashes the trail holds now, by sequence, for (at least) <see cref="Sequences"/>.</param>
    /// <returns>The first problem (the authority's entry comes no later than the head), or null.</returns>
    public static CheckpointProblem? Check(Checkpoint checkpoint, IReadOnlyDictionary<long, byte[]> stored)
    {
        foreach (var head in new[] { checkpoint.Newest, checkpoint.Chain })
        {
            if (!stored.TryGetValue(head.Sequence, out var hash))
                return new CheckpointProblem(ShorterThanCheckpoint, checkpoint.LocalAuthority, head.Sequence, head.Hash, []);
            if (!hash.AsSpan().SequenceEqual(head.Hash))
                return new CheckpointProblem(CheckpointMismatch, checkpoint.LocalAuthority, head.Sequence, head.Hash, hash);
        }
        return null;
    }
}
