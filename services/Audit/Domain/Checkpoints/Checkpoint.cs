namespace Mash.Audit.Domain.Checkpoints;

/// <summary>A place in the chain: an entry's sequence and the hash stored with it.</summary>
public sealed record ChainHead(long Sequence, byte[] Hash);

/// <summary>
/// One authority's checkpoint (format v1): when it was written, the head of the whole chain then,
/// and the authority's newest entry then. The chain is one chain for every authority today, so the
/// whole chain's head is what anchors it; the authority's own newest entry is what a chain per
/// authority will anchor, and lets an authority see its own tail in its own file.
/// </summary>
public sealed record Checkpoint(string LocalAuthority, DateTimeOffset WrittenAt, ChainHead Chain, ChainHead Newest);

/// <summary>A checkpoint with the signature it was stored with (not yet verified).</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, byte[] Signature);

/// <summary>What is wrong with a checkpoint, or with the trail measured against it, at which sequence.</summary>
/// <param name="CheckpointHash">The hash the checkpoint holds for <paramref name="Sequence"/> (empty when unreadable).</param>
/// <param name="StoredHash">The hash the trail holds there now (empty when there is no entry).</param>
public sealed record CheckpointProblem(string Problem, string LocalAuthority, long Sequence, byte[] CheckpointHash, byte[] StoredHash);
