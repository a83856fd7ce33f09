using Grpc.Core;
using Mash.Audit.Domain.Trail;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;
using static Mash.Audit.Tests.Service.Events;

namespace Mash.Audit.Tests.Service;

/// <summary>
/// Someone with the table owner's rights disables the trigger and changes the trail by hand:
/// VerifyTrail names the entry. Each test puts back what it changed, so the next starts valid.
/// </summary>
public sealed class TamperTests(AuditHost host) : IClassFixture<AuditHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A trail of a few contacts; returns one child's entries (by sequence).</summary>
    async Task<(string Child, List<long> Sequences)> TrailAsync()
    {
        var child = Guid.NewGuid().ToString();
        for (var i = 0; i < 3; i++)
        {
            var contact = Guid.NewGuid().ToString();
            var other = Guid.NewGuid().ToString();
            var t = DateTimeOffset.UtcNow;
            await host.RecordAsync(Received(contact, t, "walsall", child, other), Triaged(contact, child, t, Rag.Amber, t.AddDays(1)),
                Triaged(contact, other, t, Rag.Green, t.AddDays(3)), Routed(contact, child, t.AddHours(1), Pathway.EarlyHelp));
        }
        var trail = await host.Manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = child }, cancellationToken: Cancel);
        // The signed checkpoint holds the head, so what these tests change is the chain's to find, not the checkpoint's.
        await host.CheckpointedAsync();
        return (child, trail.Entries.Select(e => e.Sequence).ToList());
    }

    Task ExecuteAsync(string sql, params object[] parameters) => ByHand.ExecuteAsync(host.Database, sql, parameters);

    Task ByHandAsync(string change, params object[] parameters) => ByHand.TamperAsync(host.Database, change, parameters);

    async Task<(VerifyTrailResponse All, VerifyTrailResponse Child)> VerifyAsync(string child) =>
        (await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel),
         await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { ChildId = child }, cancellationToken: Cancel));

    public static TheoryData<string, string> Columns => new()
    {
        { "summary", "summary = 'Routed to no further action'" },
        { "occurred_at", "occurred_at = occurred_at + interval '1 hour'" },
        { "recorded_at", "recorded_at = recorded_at - interval '1 microsecond'" },
        { "actor", "actor = '\\x0a0b6d616e616765722d6f6e65'::bytea" },
        { "contact_id", "contact_id = 'another-contact'" },
        { "child_ids", "child_ids = array_append(child_ids, 'another-child')" },
        { "local_authority", "local_authority = 'wolverhampton'" },
        { "rule_set_id", "rule_set_id = 'walsall-levels-of-need-old'" },
        { "rule_set_version", "rule_set_version = rule_set_version - 1" },
        { "rule_set_hash", "rule_set_hash = 'b' || substr(rule_set_hash, 2)" },
        { "event_type", "event_type = 'mash.events.v1.DecisionRecorded'" },
        { "event_id", "event_id = gen_random_uuid()" },
        { "body", "body = body || '\\x00'::bytea" },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task A_column_changed_by_hand_is_named_as_a_hash_mismatch_at_its_entry(string column, string change)
    {
        var (child, sequences) = await TrailAsync();
        var target = sequences[^2]; // the child's routing on its last contact: entries follow it
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS kept AS SELECT * FROM trail_entries WITH NO DATA");
        await ExecuteAsync("INSERT INTO kept SELECT * FROM trail_entries WHERE sequence = $1", target);
        try
        {
            await ByHandAsync($"UPDATE trail_entries SET {change} WHERE sequence = $1", target);

            var (all, ofChild) = await VerifyAsync(child);
            foreach (var result in new[] { all, ofChild })
            {
                Assert.False(result.Valid, column);
                Assert.Equal((target, ChainCheck.HashMismatch), (result.FirstBroken.Sequence, result.FirstBroken.Problem));
                Assert.NotEqual(result.FirstBroken.ExpectedHash, result.FirstBroken.StoredHash);
            }
            if (column != "local_authority") Assert.NotEmpty(all.FirstBroken.EventId);
        }
        finally
        {
            await ByHandAsync("DELETE FROM trail_entries WHERE sequence = $1; INSERT INTO trail_entries SELECT * FROM kept WHERE sequence = $1; DELETE FROM kept", target);
        }
        Assert.True((await VerifyAsync(child)).All.Valid);
    }

    [Fact]
    public async Task An_entry_changed_and_hashed_again_breaks_the_link_of_the_entry_after_it()
    {
        var (child, sequences) = await TrailAsync();
        var target = sequences[^1];
        // Entries after it exist already: re-hashing the newest entries of the chain is what only a copy of the head elsewhere would catch.
        await host.RecordAsync(Received(Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "walsall", Guid.NewGuid().ToString()));
        await host.CheckpointedAsync();
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS kept AS SELECT * FROM trail_entries WITH NO DATA");
        await ExecuteAsync("INSERT INTO kept SELECT * FROM trail_entries WHERE sequence = $1", target);
        try
        {
            // The tamperer knows the encoding and gives the changed entry a matching hash.
            var entry = (await TrailRows.ReadAsync(host.Database, "sequence = $1", target)).Single();
            var forged = entry.Content with { Summary = "Routed to no further action" };
            await ByHandAsync("UPDATE trail_entries SET summary = $2, hash = $3 WHERE sequence = $1", target, forged.Summary, TrailChain.Hash(entry.PreviousHash, forged));

            var (all, ofChild) = await VerifyAsync(child);
            Assert.Equal((target + 1, ChainCheck.PreviousHashMismatch), (all.FirstBroken.Sequence, all.FirstBroken.Problem));
            Assert.Equal((target + 1, ChainCheck.PreviousHashMismatch), (ofChild.FirstBroken.Sequence, ofChild.FirstBroken.Problem));
        }
        finally
        {
            await ByHandAsync("DELETE FROM trail_entries WHERE sequence = $1; INSERT INTO trail_entries SELECT * FROM kept WHERE sequence = $1; DELETE FROM kept", target);
        }
        Assert.True((await VerifyAsync(child)).All.Valid);
    }

    [Fact]
    public async Task A_deleted_entry_is_found_as_a_sequence_gap()
    {
        var (child, sequences) = await TrailAsync();
        var target = sequences[0] + 1; // the other child's triage, between two of this child's entries
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS kept AS SELECT * FROM trail_entries WITH NO DATA");
        await ExecuteAsync("INSERT INTO kept SELECT * FROM trail_entries WHERE sequence = $1", target);
        try
        {
            await ByHandAsync("DELETE FROM trail_entries WHERE sequence = $1", target);
            var all = await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel);
            Assert.Equal((false, target + 1, ChainCheck.SequenceGap), (all.Valid, all.FirstBroken.Sequence, all.FirstBroken.Problem));
        }
        finally
        {
            await ByHandAsync("INSERT INTO trail_entries SELECT * FROM kept WHERE sequence = $1; DELETE FROM kept", target);
        }
        Assert.True((await VerifyAsync(child)).All.Valid);
    }
}
