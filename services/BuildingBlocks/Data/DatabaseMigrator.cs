using System.Reflection;
using DbUp;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mash.BuildingBlocks.Data;

/// <summary>
/// Applies the SQL scripts embedded in BuildingBlocks (outbox, inbox) and then the service's own,
/// each once, in name order, journaled in <c>schemaversions</c>. Plain SQL because EF's migration
/// tooling (dotnet-ef) is not on this package feed, and because triggers and grants read best as SQL.
/// </summary>
public static class DatabaseMigrator
{
    // Any fixed number; every service instance of one database takes the same lock.
    const long MigrationLockKey = 0x4D617368; // "Mash"

    public static async Task MigrateAsync(string connectionString, Assembly serviceScripts, ILogger logger, CancellationToken cancellationToken = default)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new DbUp.Engine.Output.NoOpUpgradeLog());

        // Two instances starting together must not both apply a script. The lock is the session's:
        // a connection of its own, not pooled, so that closing it ends the session and frees the
        // lock (a pooled one kept it, idle, until the pool next used that connection).
        await using var lockConnection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
            await take.ExecuteNonQueryAsync(cancellationToken);

        foreach (var assembly in new[] { typeof(DatabaseMigrator).Assembly, serviceScripts }.Distinct())
        {
            var result = DeployChanges.To.PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build()
                .PerformUpgrade();
            if (!result.Successful)
                throw new InvalidOperationException($"Database migration failed at script {result.ErrorScript?.Name}", result.Error);
            foreach (var script in result.Scripts)
                logger.LogInformation("Applied migration {Script}", script.Name);
        }
    }
}
