using DbUp;
using Mash.Audit.Data;
using Mash.Audit.Domain.Trail;
using Mash.BuildingBlocks.Data;
using Mash.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Mash.Audit.Tests.Service;

/// <summary>
/// A development database with trail entries from before the chain: the migration numbers them
/// 1..n in their order and chains them with the same bytes the service hashes.
/// </summary>
public sealed class LegacyTrailTests(IsolatedEnvironment servers) : IClassFixture<IsolatedEnvironment>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entries_recorded_before_the_chain_are_renumbered_without_gaps_and_chained_as_the_service_would()
    {
        var database = await servers.CreateDatabaseAsync("legacy");
        foreach (var (assembly, filter) in new[] { (typeof(DatabaseMigrator).Assembly, ""), (typeof(AuditDbContext).Assembly, "0001_") })
        {
            var result = DeployChanges.To.PostgresqlDatabase(database)
                .WithScriptsEmbeddedInAssembly(assembly, name => name.EndsWith(".sql", StringComparison.Ordinal) && name.Contains(filter, StringComparison.Ordinal))
                .LogToNowhere().Build().PerformUpgrade();
            Assert.True(result.Successful, result.Error?.Message);
        }

        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync(Cancel);
            // Five entries as the first version wrote them; one rolled-back identity value left a gap.
            await new NpgsqlCommand("""
                INSERT INTO trail_entries (event_id, event_type, contact_id, child_ids, local_authority, actor, summary, occurred_at, recorded_at, body)
                SELECT gen_random_uuid(), 'mash.events.v1.ContactReceived', 'contact-' || i, CASE i WHEN 1 THEN '{}'::text[] WHEN 2 THEN ARRAY['a'] ELSE ARRAY['a', 'b'] END,
                       'walsall', '\x0a0673637265656e'::bytea, 'Contact received — ' || i || ' child(ren)',
                       timestamptz '2026-11-02 09:00:00.123456+00' + i * interval '1 minute', timestamptz '2026-11-02 09:00:01.5+00' + i * interval '1 minute',
                       decode(repeat('ab', i), 'hex')
                  FROM generate_series(1, 5) AS i;
                DELETE FROM trail_entries WHERE contact_id = 'contact-2';
                """, connection).ExecuteNonQueryAsync(Cancel);
        }

        await DatabaseMigrator.MigrateAsync(database, typeof(AuditDbContext).Assembly, NullLogger.Instance, Cancel);

        var entries = await TrailRows.ReadAsync(database);
        Assert.Equal([1L, 2L, 3L, 4L], entries.Select(e => e.Sequence));
        Assert.Equal(["contact-1", "contact-3", "contact-4", "contact-5"], entries.Select(e => e.Content.ContactId));
        Assert.Equal(TrailChain.Genesis, entries[0].PreviousHash);
        Assert.Null(ChainCheck.CheckRun(null, entries));
    }
}
