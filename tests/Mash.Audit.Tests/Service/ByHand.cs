using Npgsql;

namespace Mash.Audit.Tests.Service;

/// <summary>What someone with the table owner's rights can do to the trail straight in the database.</summary>
public static class ByHand
{
    /// <summary>Runs the statements (separated by ';') in one transaction, each given the parameters it names.</summary>
    public static async Task ExecuteAsync(string database, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var batch = new NpgsqlBatch(connection);
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var command = new NpgsqlBatchCommand(statement);
            for (var i = 0; i < parameters.Length && statement.Contains($"${i + 1}"); i++) command.Parameters.Add(new NpgsqlParameter { Value = parameters[i] });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    }

    /// <summary>What a tamperer does: switch the trigger off, change the rows, switch it on again.</summary>
    public static Task TamperAsync(string database, string change, params object[] parameters) => ExecuteAsync(database,
        $"ALTER TABLE trail_entries DISABLE TRIGGER trail_entries_append_only; {change}; ALTER TABLE trail_entries ENABLE TRIGGER trail_entries_append_only",
        parameters);
}
