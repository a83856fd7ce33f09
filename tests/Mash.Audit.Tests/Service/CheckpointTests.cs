using Mash.Audit.Domain.Checkpoints;
using Mash.Audit.Domain.Trail;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Xunit;
using static Mash.Audit.Tests.Service.Events;

namespace Mash.Audit.Tests.Service;

/// <summary>
/// The tail of the trail, anchored: audit signs its head every second into a directory of its own,
/// and the table's owner, trigger off, cuts or rewrites the newest entries. The chain alone would
/// still verify; the checkpoint does not. Each test puts back what it changed.
/// </summary>
public sealed class CheckpointTests(AuditHost host) : IClassFixture<AuditHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A contact about a child, triaged and routed, anchored: returns the child and the signed checkpoint of the head.</summary>
    async Task<(string Child, SignedCheckpoint Checkpoint)> AnchoredTrailAsync()
    {
        var (contact, child, t) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        await host.RecordAsync(Received(contact, t, "walsall", child), Triaged(contact, child, t, Rag.Amber, t.AddDays(1)),
            Routed(contact, child, t.AddHours(1), Pathway.EarlyHelp));
        return (child, await host.CheckpointedAsync());
    }

    async Task<VerifyTrailResponse> VerifyAsync(string? child = null) => await host.Manager.VerifyTrailAsync(
        child is null ? new VerifyTrailRequest { All = true } : new VerifyTrailRequest { ChildId = child }, cancellationToken: Cancel);

    /// <summary>Keeps the entries after <paramref name="from"/> aside, runs the change, then puts them back as they were.</summary>
    async Task KeepingTailAsync(long from, Func<Task> change)
    {
        await ByHand.ExecuteAsync(host.Database, "CREATE TABLE IF NOT EXISTS kept AS SELECT * FROM trail_entries WITH NO DATA; DELETE FROM kept");
        await ByHand.ExecuteAsync(host.Database, "INSERT INTO kept SELECT * FROM trail_entries WHERE sequence > $1", from);
        try { await change(); }
        finally
        {
            await ByHand.TamperAsync(host.Database, "DELETE FROM trail_entries WHERE sequence > $1; INSERT INTO trail_entries SELECT * FROM kept; DELETE FROM kept", from);
        }
        Assert.True((await VerifyAsync()).Valid);
    }

    [Fact]
    public async Task An_honest_trail_verifies_against_its_checkpoint_and_names_it()
    {
        var (child, signed) = await AnchoredTrailAsync();
        var checkpoint = signed.Checkpoint;
        var (head, hash) = await host.HeadAsync();
        Assert.Equal(head, checkpoint.Chain.Sequence);
        Assert.Equal(hash, checkpoint.Chain.Hash);
        // Every entry here is walsall's: its newest is the head.
        Assert.Equal(head, checkpoint.Newest.Sequence);
        Assert.Equal(hash, checkpoint.Newest.Hash);

        foreach (var result in new[] { await VerifyAsync(), await VerifyAsync(child) })
        {
            Assert.True(result.Valid, result.FirstBroken?.Problem);
            Assert.Equal(("walsall", head), (result.Checkpoint.LocalAuthority, result.Checkpoint.ChainSequence));
            Assert.Equal(hash, result.Checkpoint.ChainHash.ToByteArray());
        }
    }

    [Fact]
    public async Task The_last_entries_deleted_by_the_owner_are_found_as_a_trail_shorter_than_its_checkpoint()
    {
        var (child, signed) = await AnchoredTrailAsync();
        var head = signed.Checkpoint.Chain;
        await KeepingTailAsync(head.Sequence - 2, async () =>
        {
            await ByHand.TamperAsync(host.Database, "DELETE FROM trail_entries WHERE sequence > $1", head.Sequence - 2);

            var all = await VerifyAsync();
            Assert.Equal(head.Sequence - 2, all.EntriesChecked); // the chain that is left links up
            Assert.False(all.Valid);
            Assert.Equal((head.Sequence, CheckpointCheck.ShorterThanCheckpoint), (all.FirstBroken.Sequence, all.FirstBroken.Problem));
            Assert.Equal(head.Hash, all.FirstBroken.ExpectedHash.ToByteArray());
            Assert.True(all.FirstBroken.StoredHash.IsEmpty);
            // A child whose entries all survive is no proof: its verification measures the tail too.
            var ofChild = await VerifyAsync(child);
            Assert.Equal((false, CheckpointCheck.ShorterThanCheckpoint), (ofChild.Valid, ofChild.FirstBroken.Problem));

            // New entries take the cut sequences again: the checkpoint still tells, and is not moved on past the cut.
            await host.RecordAsync(Received(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "walsall", Guid.NewGuid().ToString()),
                Received(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "walsall", Guid.NewGuid().ToString()),
                Received(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "walsall", Guid.NewGuid().ToString()));
            Assert.True((await host.HeadAsync()).Sequence > head.Sequence);
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel); // three of the writer's rounds
            Assert.Equal(head.Sequence, host.CheckpointOf()!.Checkpoint.Chain.Sequence);
            all = await VerifyAsync();
            Assert.Equal((false, head.Sequence, CheckpointCheck.CheckpointMismatch), (all.Valid, all.FirstBroken.Sequence, all.FirstBroken.Problem));
            Assert.Equal(head.Hash, all.FirstBroken.ExpectedHash.ToByteArray());
            Assert.NotEqual(head.Hash, all.FirstBroken.StoredHash.ToByteArray());
        });
    }

    [Fact]
    public async Task The_last_entry_rewritten_and_hashed_again_is_a_checkpoint_mismatch()
    {
        var (_, signed) = await AnchoredTrailAsync();
        var head = signed.Checkpoint.Chain;
        var entry = (await TrailRows.ReadAsync(host.Database, "sequence = $1", head.Sequence)).Single();
        await KeepingTailAsync(head.Sequence - 1, async () =>
        {
            // The tamperer knows the encoding: no link after it to break, the chain alone verifies.
            var forged = entry.Content with { Summary = "Routed to no further action" };
            var forgedHash = TrailChain.Hash(entry.PreviousHash, forged);
            await ByHand.TamperAsync(host.Database, "UPDATE trail_entries SET summary = $2, hash = $3 WHERE sequence = $1", head.Sequence, forged.Summary, forgedHash);

            foreach (var result in new[] { await VerifyAsync(), await VerifyAsync(entry.Content.ChildIds[0]) })
            {
                Assert.False(result.Valid);
                Assert.Equal((head.Sequence, CheckpointCheck.CheckpointMismatch), (result.FirstBroken.Sequence, result.FirstBroken.Problem));
                Assert.Equal(head.Hash, result.FirstBroken.ExpectedHash.ToByteArray());
                Assert.Equal(forgedHash, result.FirstBroken.StoredHash.ToByteArray());
            }
        });
    }

    [Fact]
    public async Task A_checkpoint_file_changed_by_hand_fails_its_signature_and_is_not_written_over()
    {
        await AnchoredTrailAsync();
        var file = Path.Combine(host.Checkpoints.Directory, CheckpointFormat.FileName("walsall"));
        var honest = await File.ReadAllTextAsync(file, Cancel);
        var signed = CheckpointFormat.Decode(honest);
        try
        {
            // Someone with the directory but not the key moves the anchor back, to hide a cut.
            var moved = signed with { Checkpoint = signed.Checkpoint with { Chain = signed.Checkpoint.Newest with { Sequence = 1 } } };
            await File.WriteAllTextAsync(file, CheckpointFormat.Encode(moved), Cancel);

            var all = await VerifyAsync();
            Assert.Equal((false, 1L, CheckpointCheck.SignatureInvalid), (all.Valid, all.FirstBroken.Sequence, all.FirstBroken.Problem));
            Assert.Null(all.Checkpoint); // a checkpoint that does not verify anchors nothing

            await host.RecordAsync(Received(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "walsall", Guid.NewGuid().ToString()));
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel); // three of the writer's rounds: each refuses
            Assert.Equal(CheckpointFormat.Encode(moved), await File.ReadAllTextAsync(file, Cancel));
        }
        finally
        {
            await File.WriteAllTextAsync(file, honest, Cancel);
        }
        Assert.True((await VerifyAsync()).Valid);
        await host.CheckpointedAsync(); // and the writer goes on from the honest one
    }
}
