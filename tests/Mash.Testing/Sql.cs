using Npgsql;

namespace Mash.Testing;

/// <summary>Reads a service's database directly, to check what a flow left behind.</summary>
public static class Sql
{
    public static async Task<long> CountAsync(string connectionString, string query, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(query, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Counts rows, or 0 while the table does not exist yet (the service is still migrating).</summary>
    public static async Task<long> CountOrZeroAsync(string connectionString, string query, params object[] parameters)
    {
        try { return await CountAsync(connectionString, query, parameters); }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable) { return 0; }
    }
}
