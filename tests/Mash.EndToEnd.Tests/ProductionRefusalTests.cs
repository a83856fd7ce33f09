using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// A service started with ASPNETCORE_ENVIRONMENT=Production and one development setting among
/// otherwise production settings does not start: it exits non-zero naming that setting
/// (BuildingBlocks' ProductionSettings, checked first thing by the service defaults). No server
/// is reached: the check comes before anything connects.
/// </summary>
public sealed class ProductionRefusalTests
{
    const string Password = "k9-Vq2rT7xLp4mZ8";
    static readonly TimeSpan Exit = TimeSpan.FromMinutes(2);

    /// <summary>Production as it should be: an OIDC issuer, VerifyFull, AMQPS, passwords of its own, loopback.</summary>
    static Dictionary<string, string> Production(string service) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Auth__SigningKey"] = "", // ServiceProcess passes the tests' key by default
        ["Auth__Authority"] = "https://login.example.gov.uk/mash",
        ["ConnectionStrings__Database"] = $"Host=db.example;Database=mash_{service};Username=mash_{service};Password={Password};SSL Mode=VerifyFull",
        ["RabbitMq__Host"] = "broker.example",
        ["RabbitMq__UseTls"] = "true",
        ["RabbitMq__Username"] = $"mash_{service}",
        ["RabbitMq__Password"] = Password,
    };

    static async Task<string> RefusedAsync(string process, string key, string value)
    {
        var settings = Production(process.ToLowerInvariant());
        settings[key] = value;
        await using var service = new ServiceProcess(process, new Dictionary<string, string>());

        var exitCode = await service.StartExpectingExitAsync(settings, Exit);

        Assert.True(exitCode != 0, $"{process} exited with 0:\n{service.Output}");
        Assert.Contains("Production refuses to start with development settings", service.Output);
        return service.Output;
    }

    public static TheoryData<string> Processes => new() { "Intake", "Thresholds", "EarlyHelp", "Allocation", "Audit", "Console" };

    [Theory]
    [MemberData(nameof(Processes))]
    public async Task Every_service_and_the_console_refuse_the_development_signing_key(string process)
    {
        var output = await RefusedAsync(process, "Auth__SigningKey", TestIdentity.SigningKey);

        Assert.Contains("Auth__SigningKey: a symmetric development signing key", output);
        Assert.DoesNotContain(TestIdentity.SigningKey, output);
    }

    [Theory]
    [InlineData("SSL Mode=Disable", "ConnectionStrings__Database: SSL Mode=Disable")]
    [InlineData("SSL Mode=Prefer", "ConnectionStrings__Database: SSL Mode=Prefer")]
    [InlineData("", "ConnectionStrings__Database: SSL Mode=Prefer")] // none given: Npgsql prefers, and may not encrypt
    public async Task A_database_connection_without_verify_full_is_refused(string sslMode, string refusal)
    {
        var connection = $"Host=db.example;Database=mash_intake;Username=mash_intake;Password={Password};{sslMode}";

        var output = await RefusedAsync("Intake", "ConnectionStrings__Database", connection);

        Assert.Contains(refusal, output);
    }

    [Fact]
    public async Task A_development_database_password_is_refused()
    {
        var connection = "Host=db.example;Database=mash_intake;Username=mash_intake;Password=mash_intake;SSL Mode=VerifyFull";

        var output = await RefusedAsync("Intake", "ConnectionStrings__Database", connection);

        Assert.Contains("ConnectionStrings__Database: a development password", output);
        Assert.DoesNotContain("SSL Mode=", output);
    }

    [Fact]
    public async Task A_development_broker_password_is_refused()
    {
        var output = await RefusedAsync("Thresholds", "RabbitMq__Password", "mash_thresholds");

        Assert.Contains("RabbitMq__Password: a development password", output);
    }

    [Fact]
    public async Task Amqp_without_tls_is_refused()
    {
        var output = await RefusedAsync("Audit", "RabbitMq__UseTls", "false");

        Assert.Contains("RabbitMq__UseTls: AMQP without TLS", output);
    }

    [Fact]
    public async Task Plaintext_grpc_on_every_interface_is_refused()
    {
        var output = await RefusedAsync("Allocation", "Mash__ListenAnyIp", "true");

        Assert.Contains("Mash__ListenAnyIp: plaintext gRPC on every interface", output);
    }

    [Fact]
    public async Task Plaintext_calls_to_another_host_are_refused()
    {
        var output = await RefusedAsync("EarlyHelp", "EarlyHelp__IntakeAddress", "http://intake:5101");

        Assert.Contains("EarlyHelp__IntakeAddress: plaintext http:// to another host", output);
    }
}
