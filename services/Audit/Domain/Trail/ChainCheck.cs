namespace Mash.Audit.Domain.Trail;

/// <summary>An entry as stored: what it states, and the two hashes it was given when appended.</summary>
public sealed record StoredEntry(TrailContent Content, byte[] PreviousHash, byte[] Hash)
{
    public long Sequence => Content.Sequence;
}

/// <summary>The first link that does not hold, and why.</summary>
public sealed record BrokenLinkFound(StoredEntry Entry, string Problem, byte[] ExpectedHash, byte[] StoredHash);

/// <summary>
/// The checks of one link of the chain. An entry holds when it directly follows its predecessor
/// (no sequence missing between them), names the predecessor's stored hash as its previous hash,
/// and its stored hash is the hash of its previous hash and its content as stored now.
/// </summary>
public static class ChainCheck
{
    public const string SequenceGap = "sequence gap";
    public const string PreviousHashMismatch = "previous hash mismatch";
    public const string HashMismatch = "hash mismatch";

    /// <param name="predecessor">The stored entry at the sequence before, or null when there is none (first entry, or missing).</param>
    public static BrokenLinkFound? Check(StoredEntry? predecessor, StoredEntry entry)
    {
        var expectedSequence = predecessor is null ? 1 : predecessor.Sequence + 1;
        if (entry.Sequence != expectedSequence)
            return new BrokenLinkFound(entry, SequenceGap, predecessor?.Hash ?? TrailChain.Genesis, entry.PreviousHash);

        var expectedPrevious = predecessor?.Hash ?? TrailChain.Genesis;
        if (!expectedPrevious.AsSpan().SequenceEqual(entry.PreviousHash))
            return new BrokenLinkFound(entry, PreviousHashMismatch, expectedPrevious, entry.PreviousHash);

        var recomputed = TrailChain.Hash(entry.PreviousHash, entry.Content);
        return recomputed.AsSpan().SequenceEqual(entry.Hash) ? null : new BrokenLinkFound(entry, HashMismatch, recomputed, entry.Hash);
    }

    /// <summary>Walks entries in sequence order from the first; the first broken link, if any.</summary>
    public static BrokenLinkFound? CheckRun(StoredEntry? before, IEnumerable<StoredEntry> entries)
    {
        var previous = before;
        foreach (var entry in entries)
        {
            if (Check(previous, entry) is { } broken) return broken;
            previous = entry;
        }
        return null;
    }
}
