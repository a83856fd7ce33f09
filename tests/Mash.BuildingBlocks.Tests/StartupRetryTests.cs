using System.Net;
using System.Net.Sockets;
using Mash.BuildingBlocks.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Polly.Timeout;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>A service waits for a database that is not there yet, and fails at once on one that refuses it.</summary>
public sealed class StartupRetryTests
{
    [Fact]
    public void Unreachable_or_starting_servers_are_waited_for_and_refusals_are_not()
    {
        Assert.True(StartupRetry.IsTransient(new InvalidOperationException("Database migration failed at script 0001", new NpgsqlException("timed out", new TimeoutException()))));
        Assert.True(StartupRetry.IsTransient(new PostgresException("the database system is starting up", "FATAL", "FATAL", PostgresErrorCodes.CannotConnectNow)));
        Assert.False(StartupRetry.IsTransient(new PostgresException("password authentication failed", "FATAL", "FATAL", PostgresErrorCodes.InvalidPassword)));
        Assert.False(StartupRetry.IsTransient(new PostgresException("permission denied for database", "FATAL", "FATAL", PostgresErrorCodes.InsufficientPrivilege)));
    }

    [Fact]
    public async Task A_port_nobody_listens_on_is_tried_again_until_the_wait_is_over()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // free, and nobody on it

        var attempts = 0;
        await Assert.ThrowsAsync<TimeoutRejectedException>(() => StartupRetry.Pipeline(TimeSpan.FromSeconds(3), NullLogger.Instance).ExecuteAsync(async cancel =>
        {
            attempts++;
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=mash;Password=mash;Timeout=1");
            await connection.OpenAsync(cancel);
        }, TestContext.Current.CancellationToken).AsTask());
        Assert.True(attempts > 1, $"{attempts} attempt(s)");
    }

    [Fact]
    public async Task A_refused_login_ends_the_start_at_the_first_attempt()
    {
        var servers = await Mash.Testing.TestServers.GetAsync();
        var attempts = 0;
        var refused = await Assert.ThrowsAsync<PostgresException>(() => StartupRetry.Pipeline(TimeSpan.FromSeconds(30), NullLogger.Instance).ExecuteAsync(async cancel =>
        {
            attempts++;
            await using var connection = new NpgsqlConnection($"Host={servers.PostgresHost};Port={servers.PostgresPort};Username=mash;Password=not-the-password;Database=postgres");
            await connection.OpenAsync(cancel);
        }, TestContext.Current.CancellationToken).AsTask());
        Assert.Equal((PostgresErrorCodes.InvalidPassword, 1), (refused.SqlState, attempts));
    }
}
