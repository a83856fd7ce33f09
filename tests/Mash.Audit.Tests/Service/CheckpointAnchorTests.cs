using System.Security.Cryptography;
using Mash.Audit.Domain.Checkpoints;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Xunit;
using static Mash.Audit.Tests.Service.Events;

namespace Mash.Audit.Tests.Service;

/// <summary>Audit with a checkpoint key whose writer never comes round: the test lays the checkpoints itself.</summary>
public sealed class QuietCheckpointHost : AuditHost
{
    protected override TimeSpan CheckpointInterval => TimeSpan.FromDays(1);

    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["Audit__Checkpoints__AfterEntries"] = "0" };
}

/// <summary>VerifyTrail against checkpoints laid by hand: the honest trail between two checkpoints, and files that do not verify.</summary>
public sealed class CheckpointAnchorTests(QuietCheckpointHost host) : IClassFixture<QuietCheckpointHost>, IDisposable
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    string File(string authority = "walsall") => Path.Combine(host.Checkpoints.Directory, CheckpointFormat.FileName(authority));

    async Task<string> RecordAsync()
    {
        var (contact, child, t) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), DateTimeOffset.UtcNow);
        await host.RecordAsync(Received(contact, t, "walsall", child), Triaged(contact, child, t, Rag.Green, t.AddDays(3)));
        return child;
    }

    /// <summary>A checkpoint of the trail's head now, signed with <paramref name="pem"/> (audit's own key unless given).</summary>
    async Task<SignedCheckpoint> CheckpointOfHeadAsync(string? pem = null)
    {
        var (sequence, hash) = await host.HeadAsync();
        using var key = CheckpointSignature.Load(pem ?? host.Checkpoints.PrivateKeyPem);
        var head = new ChainHead(sequence, hash);
        return CheckpointSignature.Sign(key, new Checkpoint("walsall", DateTimeOffset.UtcNow, head, head));
    }

    Task<VerifyTrailResponse> VerifyAsync() =>
        host.Manager.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel).ResponseAsync;

    [Fact]
    public async Task An_honest_trail_longer_than_its_checkpoint_is_valid()
    {
        var child = await RecordAsync();
        var signed = await CheckpointOfHeadAsync();
        await System.IO.File.WriteAllTextAsync(File(), CheckpointFormat.Encode(signed), Cancel);
        await RecordAsync();
        await RecordAsync();

        var all = await VerifyAsync();
        var ofChild = await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { ChildId = child }, cancellationToken: Cancel);
        Assert.True(all.Valid, all.FirstBroken?.Problem);
        Assert.True(ofChild.Valid, ofChild.FirstBroken?.Problem);
        Assert.Equal(signed.Checkpoint.Chain.Sequence + 4, all.EntriesChecked);
        Assert.Equal(signed.Checkpoint.Chain.Sequence, all.Checkpoint.ChainSequence);
        Assert.Equal(signed.Checkpoint.Chain.Hash, all.Checkpoint.AuthorityHash.ToByteArray());
    }

    [Fact]
    public async Task A_checkpoint_signed_with_another_key_is_reported_and_anchors_nothing()
    {
        await RecordAsync();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = await CheckpointOfHeadAsync(other.ExportPkcs8PrivateKeyPem());
        await System.IO.File.WriteAllTextAsync(File(), CheckpointFormat.Encode(signed), Cancel);

        var all = await VerifyAsync();
        Assert.False(all.Valid);
        Assert.Equal((signed.Checkpoint.Chain.Sequence, CheckpointCheck.SignatureInvalid), (all.FirstBroken.Sequence, all.FirstBroken.Problem));
        Assert.Equal(signed.Checkpoint.Chain.Hash, all.FirstBroken.ExpectedHash.ToByteArray());
        Assert.Null(all.Checkpoint);
    }

    [Fact]
    public async Task A_checkpoint_file_that_is_not_one_is_reported_as_unreadable()
    {
        await RecordAsync();
        await System.IO.File.WriteAllTextAsync(File("wolverhampton"), "{\"format\": \"mash.audit.checkpoint.v0\"}", Cancel);

        var all = await VerifyAsync();
        Assert.Equal((false, CheckpointCheck.Unreadable), (all.Valid, all.FirstBroken.Problem));
    }

    [Fact]
    public async Task Another_authoritys_checkpoint_counts_too_but_is_named_by_sequence_and_hashes_only()
    {
        await RecordAsync();
        var signed = await CheckpointOfHeadAsync();
        // Wolverhampton's checkpoint says the head's hash was another: the chain is one, so walsall's check fails too.
        using var key = CheckpointSignature.Load(host.Checkpoints.PrivateKeyPem);
        var claimed = signed.Checkpoint with { LocalAuthority = "wolverhampton", Chain = signed.Checkpoint.Chain with { Hash = new byte[32] } };
        await System.IO.File.WriteAllTextAsync(File("wolverhampton"), CheckpointFormat.Encode(CheckpointSignature.Sign(key, claimed)), Cancel);

        var all = await VerifyAsync();
        Assert.Equal((false, claimed.Chain.Sequence, CheckpointCheck.CheckpointMismatch), (all.Valid, all.FirstBroken.Sequence, all.FirstBroken.Problem));
        Assert.Equal(("", "", ""), (all.FirstBroken.EventId, all.FirstBroken.ContactId, all.FirstBroken.ChildId));
        Assert.Null(all.Checkpoint); // walsall has none
    }

    /// <summary>Each test lays its own checkpoints.</summary>
    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(host.Checkpoints.Directory)) System.IO.File.Delete(file);
    }
}
