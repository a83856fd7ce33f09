using System.Text.Json;
using Mash.Testing;
using Npgsql;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// Each service connects as its own role with rights on its own database only (issue 8): the
/// roles deploy/postgres/roles.sql made on this run's server, and the connection strings the
/// services ship for Development (appsettings.Development.json; deploy/mash and docker-compose.yml
/// set the same; the appsettings.json of every environment holds none).
/// </summary>
public sealed class DatabaseRolesTests
{
    static readonly string[] Services = ["Intake", "Thresholds", "EarlyHelp", "Allocation", "Audit"];

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static NpgsqlConnectionStringBuilder Shipped(string service)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(ServiceProcess.RepositoryRoot(), "services", service, "appsettings.Development.json")));
        return new NpgsqlConnectionStringBuilder(settings.RootElement.GetProperty("ConnectionStrings").GetProperty("Database").GetString());
    }

    static async Task<NpgsqlConnectionStringBuilder> OnThisRunsServerAsync(string service, string? database = null)
    {
        var servers = await TestServers.GetAsync();
        var shipped = Shipped(service);
        return new NpgsqlConnectionStringBuilder(shipped.ConnectionString)
        {
            Host = servers.PostgresHost, Port = servers.PostgresPort, Database = database ?? shipped.Database, Pooling = false,
        };
    }

    [Fact]
    public void Every_service_ships_a_connection_string_of_its_own_role_for_its_own_database()
    {
        foreach (var service in Services)
        {
            var shipped = Shipped(service);
            var own = "mash_" + service.ToLowerInvariant();
            Assert.Equal((own, own), (shipped.Database, shipped.Username));
        }
    }

    [Fact]
    public async Task Each_role_reaches_its_own_database_and_is_refused_by_every_other()
    {
        foreach (var service in Services)
        {
            var own = await OnThisRunsServerAsync(service);
            await using (var connection = new NpgsqlConnection(own.ConnectionString))
            {
                await connection.OpenAsync(Cancel);
                await using var who = new NpgsqlCommand(
                    "SELECT current_user, d.datdba = r.oid, r.rolsuper OR r.rolcreatedb OR r.rolcreaterole " +
                    "FROM pg_database d, pg_roles r WHERE d.datname = current_database() AND r.rolname = current_user", connection);
                await using var reader = await who.ExecuteReaderAsync(Cancel);
                Assert.True(await reader.ReadAsync(Cancel));
                Assert.Equal((own.Username, true, false), (reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2)));
            }

            foreach (var other in Services.Where(s => s != service))
            {
                var foreign = await OnThisRunsServerAsync(service, database: Shipped(other).Database);
                await using var connection = new NpgsqlConnection(foreign.ConnectionString);
                var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync(Cancel));
                Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            }
        }
    }

    [Fact]
    public async Task Only_audit_may_append_to_the_trail_as_its_insert_only_writer_role()
    {
        foreach (var service in Services)
        {
            await using var connection = new NpgsqlConnection((await OnThisRunsServerAsync(service)).ConnectionString);
            await connection.OpenAsync(Cancel);
            await using var member = new NpgsqlCommand("SELECT pg_has_role(current_user, 'audit_trail_writer', 'MEMBER')", connection);
            Assert.Equal(service == "Audit", (bool)(await member.ExecuteScalarAsync(Cancel))!);
        }
    }
}
