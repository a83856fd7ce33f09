using Mash.Testing;
using Npgsql;

namespace Mash.Load;

/// <summary>
/// What the shared PostgreSQL server commits with nothing of Mash in the way: single-row INSERTs,
/// each its own transaction (so each one a commit and a WAL flush, as the server is configured),
/// from a few connections, on a scratch database the baseline creates and drops.
/// </summary>
public static class PostgresBaseline
{
    public static async Task<Baseline> CommitsAsync(ServerEndpoints servers, double rate, TimeSpan duration, int connections)
    {
        var database = $"t_commit_baseline_{Guid.NewGuid():N}"[..32];
        await using (var admin = new NpgsqlConnection(servers.PostgresConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            await using var source = NpgsqlDataSource.Create(servers.PostgresConnectionString(database) + $";Maximum Pool Size={connections};Minimum Pool Size={connections}");
            await using (var table = source.CreateCommand("CREATE TABLE rows (id bigserial PRIMARY KEY, at timestamptz NOT NULL, body text NOT NULL)"))
                await table.ExecuteNonQueryAsync();
            async Task InsertAsync()
            {
                await using var insert = source.CreateCommand("INSERT INTO rows (at, body) VALUES (now(), 'a row of about the size of an outbox row''s headers')");
                await insert.ExecuteNonQueryAsync();
            }
            await InsertAsync(); // opens the pool before timing
            var (latency, errors) = await Baselines.AtRateAsync(rate, duration, async () =>
            {
                try { await InsertAsync(); return true; }
                catch (NpgsqlException) { return false; }
            });
            var max = await Baselines.ClosedLoopAsync(connections, duration, InsertAsync);
            return new Baseline("raw PostgreSQL INSERT + COMMIT", $"one-row INSERT, each its own transaction, {connections} connections, scratch database on the shared server",
                rate, latency, max, errors);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(servers.PostgresConnectionString());
            await admin.OpenAsync();
            await ScratchDatabase.DropAsync(admin, database);
        }
    }
}
