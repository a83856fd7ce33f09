using System.Text.RegularExpressions;
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

        Assert.StartsWith("Auth__SigningKey: a symmetric development signing key", Assert.Single(RefusalLines(output)));
        Assert.DoesNotContain(TestIdentity.SigningKey, output);
    }

    [Theory]
    [InlineData("Intake", "ConnectionStrings__Database", "Password=" + Password + ";SSL Mode=Disable", "ConnectionStrings__Database: SSL Mode=Disable")]
    [InlineData("Intake", "ConnectionStrings__Database", "Password=" + Password + ";SSL Mode=Prefer", "ConnectionStrings__Database: SSL Mode=Prefer")]
    [InlineData("Intake", "ConnectionStrings__Database", "Password=" + Password, "ConnectionStrings__Database: SSL Mode=Prefer")] // none given: Npgsql prefers, and may not encrypt
    [InlineData("Intake", "ConnectionStrings__Database", "Password=mash_intake;SSL Mode=VerifyFull", "ConnectionStrings__Database: a development password")]
    [InlineData("Thresholds", "RabbitMq__Password", "mash_thresholds", "RabbitMq__Password: a development password")]
    [InlineData("Audit", "RabbitMq__UseTls", "false", "RabbitMq__UseTls: AMQP without TLS")]
    [InlineData("Allocation", "Mash__ListenAnyIp", "true", "Mash__ListenAnyIp: plaintext gRPC on every interface")]
    [InlineData("EarlyHelp", "EarlyHelp__IntakeAddress", "http://intake:5101", "EarlyHelp__IntakeAddress: plaintext http:// to another host")]
    public async Task Each_development_setting_alone_stops_the_start(string process, string key, string value, string refusal)
    {
        // A connection string case gives what follows the host, database and user.
        if (key == "ConnectionStrings__Database") value = "Host=db.example;Database=mash_intake;Username=mash_intake;" + value;

        var output = await RefusedAsync(process, key, value);

        Assert.StartsWith(refusal, Assert.Single(RefusalLines(output)));
    }

    /// <summary>The lines of the refusal that each name a setting ("  Setting__Name: why").</summary>
    static IEnumerable<string> RefusalLines(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => Regex.IsMatch(l, @"^  [A-Za-z]+__[A-Za-z_]+: ")).Select(l => l.Trim());
}
