using Npgsql;

namespace Mash.Testing;

/// <summary>Drops a database a test or bench made, with whatever connections are still open to it.</summary>
public static class ScratchDatabase
{
    /// <summary>
    /// Ends the clients still connected, then drops the database. Not <c>DROP DATABASE ... WITH
    /// (FORCE)</c>: on PostgreSQL 15 that also insists on the right to signal every autovacuum
    /// worker in the database, which have no role, so a non-superuser administrator (<c>mash</c>)
    /// is refused whenever one happens to be vacuuming there (42501). A plain drop stops
    /// autovacuum workers itself and waits up to five seconds for the ended clients to go.
    /// </summary>
    public static async Task DropAsync(NpgsqlConnection admin, string database)
    {
        await using (var end = new NpgsqlCommand("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()
            """, admin) { Parameters = { new() { Value = database } } })
            await end.ExecuteScalarAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\"", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
