using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Testing;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>
/// What Production refuses, as a pure function of configuration. Mash.EndToEnd.Tests'
/// ProductionRefusalTests start the real processes in Production with each refused setting.
/// </summary>
public sealed class ProductionSettingsTests
{
    const string StrongPassword = "k9-Vq2rT7xLp4mZ8"; // no development password, and not its user's name

    /// <summary>A service configured as Production wants it: OIDC, VerifyFull, AMQPS, own passwords, TLS on every interface.</summary>
    static Dictionary<string, string?> Production() => new()
    {
        ["Auth:Authority"] = "https://login.example.gov.uk/mash",
        ["ConnectionStrings:Database"] = $"Host=db.example;Database=mash_intake;Username=mash_intake;Password={StrongPassword};SSL Mode=VerifyFull",
        ["RabbitMq:Host"] = "broker.example",
        ["RabbitMq:UseTls"] = "true",
        ["RabbitMq:Username"] = "mash_intake",
        ["RabbitMq:Password"] = StrongPassword,
        ["Mash:ListenAnyIp"] = "true",
        ["Mash:Tls:CertificateFile"] = "/certs/server.crt",
        ["Mash:Tls:KeyFile"] = "/certs/server.key",
        ["EarlyHelp:IntakeAddress"] = "https://intake.example:5101",
    };

    static IReadOnlyList<string> Refusals(Dictionary<string, string?> settings, bool servesGrpc = true) =>
        ProductionSettings.Refusals(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), servesGrpc);

    static Dictionary<string, string?> With(Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }

    [Fact]
    public void A_production_configuration_passes()
    {
        Assert.Empty(Refusals(Production()));
    }

    [Theory]
    [InlineData("Auth:SigningKey", "c2VjcmV0LWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=", "Auth__SigningKey")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Database=mash_intake;Username=mash_intake;Password=" + StrongPassword + ";SSL Mode=Disable", "ConnectionStrings__Database: SSL Mode=Disable")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Database=mash_intake;Username=mash_intake;Password=" + StrongPassword + ";SSL Mode=Prefer", "ConnectionStrings__Database: SSL Mode=Prefer")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Database=mash_intake;Username=mash_intake;Password=" + StrongPassword, "ConnectionStrings__Database: SSL Mode=Prefer")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Database=mash_intake;Username=mash_intake;Password=" + StrongPassword + ";SSL Mode=Require", "ConnectionStrings__Database: SSL Mode=Require")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Database=mash_intake;Username=mash_intake;Password=mash_intake;SSL Mode=VerifyFull", "ConnectionStrings__Database: a development password")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Database=mash_intake;Username=mash_intake;Password=mash;SSL Mode=VerifyFull", "ConnectionStrings__Database: a development password")]
    [InlineData("ConnectionStrings:Database", "Host=db.example;Bogus Keyword=1", "ConnectionStrings__Database: not a PostgreSQL connection string")]
    [InlineData("RabbitMq:Password", "mash_intake", "RabbitMq__Password: a development password")]
    [InlineData("RabbitMq:Password", "guest", "RabbitMq__Password: a development password")]
    [InlineData("RabbitMq:UseTls", "false", "RabbitMq__UseTls")]
    [InlineData("Mash:Tls:CertificateFile", "", "Mash__ListenAnyIp: plaintext gRPC on every interface")]
    [InlineData("EarlyHelp:IntakeAddress", "http://intake:5101", "EarlyHelp__IntakeAddress: plaintext http:// to another host")]
    [InlineData("Services:Audit", "http://audit.example:5105", "Services__Audit: plaintext http:// to another host")]
    public void Each_development_setting_is_refused_by_name_alone(string key, string value, string refusal)
    {
        var refusals = Refusals(With(Production(), key, value));

        Assert.StartsWith(refusal, Assert.Single(refusals));
    }

    [Fact]
    public void A_refusal_names_the_setting_never_its_secret()
    {
        var key = "c2VjcmV0LWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=";
        var settings = With(With(Production(), "Auth:SigningKey", key), "RabbitMq:Password", "mash_intake");

        var message = string.Join("\n", Refusals(settings));

        Assert.DoesNotContain(key, message);
        Assert.DoesNotContain("mash_intake", message);
    }

    [Theory]
    [InlineData("mash", "mash")]
    [InlineData("mash_audit", "postgres")]
    [InlineData("mash_audit", "mash_thresholds")]
    [InlineData("partner_gateway", "Partner_Gateway")] // its user's name, whatever the case
    public void Development_passwords_are_the_set_ups_and_any_equal_to_the_user_name(string user, string password)
    {
        Assert.True(ProductionSettings.IsDevelopmentPassword(user, password));
    }

    [Theory]
    [InlineData("mash_audit", StrongPassword)]
    [InlineData("mash_audit", "")] // none: a client certificate or a password file logs in
    public void Other_passwords_are_not(string user, string password)
    {
        Assert.False(ProductionSettings.IsDevelopmentPassword(user, password));
    }

    [Fact]
    public void Plaintext_stays_allowed_on_loopback_only()
    {
        var settings = Production();
        settings["Mash:ListenAnyIp"] = "false";
        settings.Remove("Mash:Tls:CertificateFile");
        settings.Remove("Mash:Tls:KeyFile");
        settings["EarlyHelp:IntakeAddress"] = "http://127.0.0.1:5101";
        settings["Services:Intake"] = "http://localhost:5101";
        settings["Services:Audit"] = "http://[::1]:5105";

        Assert.Empty(Refusals(settings));
    }

    [Fact]
    public void The_console_serves_no_grpc_and_may_listen_everywhere_behind_its_tls_proxy()
    {
        var settings = Production();
        settings.Remove("Mash:Tls:CertificateFile");
        settings.Remove("Mash:Tls:KeyFile");

        Assert.Empty(Refusals(settings, servesGrpc: false));
        Assert.Single(Refusals(settings, servesGrpc: true));
    }

    public static TheoryData<string> Processes => new() { "Intake", "Thresholds", "EarlyHelp", "Allocation", "Audit", "Console" };

    [Theory]
    [MemberData(nameof(Processes))]
    public void Appsettings_json_ships_no_development_secret_and_the_development_file_holds_them(string process)
    {
        var folder = Path.Combine(ServiceProcess.RepositoryRoot(), "services", process);
        IConfiguration Read(string file) => new ConfigurationBuilder().AddJsonFile(Path.Combine(folder, file), optional: false).Build();

        var shipped = Read("appsettings.json");
        Assert.Empty(ProductionSettings.Refusals(shipped, servesGrpc: process != "Console"));
        Assert.Null(shipped.GetConnectionString("Database"));
        Assert.Null(shipped["RabbitMq:Password"]);

        if (process == "Console") return; // its development sign-in key comes from deploy/mash
        var development = ProductionSettings.Refusals(Read("appsettings.Development.json"), servesGrpc: true);
        Assert.Contains(development, r => r.StartsWith("ConnectionStrings__Database: SSL Mode=Disable"));
        Assert.Contains(development, r => r.StartsWith("ConnectionStrings__Database: a development password"));
        Assert.Contains(development, r => r.StartsWith("RabbitMq__UseTls"));
        Assert.Contains(development, r => r.StartsWith("RabbitMq__Password: a development password"));
    }
}
