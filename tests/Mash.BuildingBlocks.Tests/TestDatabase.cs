using Mash.BuildingBlocks.Data;
using Mash.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mash.BuildingBlocks.Tests;

/// <summary>
/// A new database with BuildingBlocks' tables and the tests' own, and the services
/// AddServiceDatabase gives a service (nothing started: no bus, no dispatcher), for a test that
/// drives one piece of the plumbing itself.
/// </summary>
public sealed class TestDatabase(string connectionString, ServiceProvider services) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public ServiceProvider Services { get; } = services;

    public static async Task<TestDatabase> CreateAsync(IsolatedEnvironment environment, string name, CancellationToken cancellationToken)
    {
        var connectionString = await environment.CreateDatabaseAsync(name);
        await DatabaseMigrator.MigrateAsync(connectionString, typeof(BusHost).Assembly, NullLogger.Instance, cancellationToken);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:Database"] = connectionString;
        builder.AddServiceDatabase<TestDbContext>();
        return new TestDatabase(connectionString, builder.Services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
