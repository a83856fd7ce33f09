using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Mash.BuildingBlocks.Data;

public static class DatabaseExtensions
{
    const string ConnectionName = "Database";

    /// <summary>
    /// The service's own PostgreSQL database (connection string <c>Database</c>), snake_case names.
    /// Contexts are pooled: every delivery, call and outbox round takes one, and building a fresh
    /// context (its scoped internal services, through dependency injection) was a third of the
    /// outbox dispatcher's CPU and a large share of every consumer's (issue 18's profile). A pooled
    /// context comes back reset (tracked entities, transaction, savepoint settings), and the
    /// contexts take nothing but their options, as pooling requires.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder)
        where TDbContext : DbContext
    {
        var connectionString = Tuned(builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is not configured (ConnectionStrings__{ConnectionName})"));

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddDbContextPool<TDbContext>((services, options) => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(services.GetRequiredService<OutboxSignal>()));
        return builder;
    }

    /// <summary>
    /// A service runs the same few dozen statements all day, one short transaction per event. Left
    /// to Npgsql's defaults, PostgreSQL parses and plans each statement every time, and every return
    /// of a connection to the pool costs a DISCARD ALL, which would also throw the prepared
    /// statements away. Mash keeps no session state (its only SET is SET LOCAL, its locks end with
    /// the transaction), so connections are handed back as they are and statements are prepared
    /// once per connection. A connection string that says otherwise wins.
    /// </summary>
    public static string Tuned(string connectionString)
    {
        // NpgsqlConnectionStringBuilder.ContainsKey says whether a keyword exists, not whether it was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>().Select(k => k.Replace(" ", "")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare")) tuned.MaxAutoPrepare = 64;
        if (!given.Contains("AutoPrepareMinUsages")) tuned.AutoPrepareMinUsages = 2;
        if (!given.Contains("NoResetOnClose")) tuned.NoResetOnClose = true;
        return tuned.ConnectionString;
    }

    /// <summary>
    /// Brings the service's database to the latest schema before anything else runs. A server that
    /// is not up yet, or too busy to answer in time, is waited for (Mash:DatabaseWait, two minutes
    /// by default) rather than ending the service; a wrong password or missing right fails at once.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this WebApplication app) where TDbContext : DbContext
    {
        var connectionString = app.Configuration.GetConnectionString(ConnectionName)!;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Migrations");
        var wait = app.Configuration.GetValue("Mash:DatabaseWait", TimeSpan.FromMinutes(2));
        await StartupRetry.Pipeline(wait, logger).ExecuteAsync(
            async cancel => await DatabaseMigrator.MigrateAsync(connectionString, typeof(TDbContext).Assembly, logger, cancel),
            app.Lifetime.ApplicationStopping);
    }
}
