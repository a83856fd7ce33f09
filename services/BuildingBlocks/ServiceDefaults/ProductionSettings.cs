using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>
/// What a service refuses to start with in Production: the development set-up's secrets and
/// plaintext transport, any of which would let someone on the network read or forge a child's
/// record. Every service checks it in <see cref="ServiceDefaultsExtensions.AddServiceDefaults"/>,
/// the console in its own hosting; a refusal names each offending setting, never its value.
/// </summary>
public static class ProductionSettings
{
    /// <summary>
    /// The passwords the development set-up hands out: the PostgreSQL administrator and the
    /// compose superuser (deploy/postgres/roles.sql, docker-compose.yml), RabbitMQ's administrator
    /// and its built-in guest, and every role and broker user whose password is its own name
    /// (deploy/postgres/roles.sql, deploy/rabbitmq/users.sh). A password equal to its user name is
    /// refused whatever the name.
    /// </summary>
    public static readonly IReadOnlySet<string> DevelopmentPasswords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "mash", "postgres", "guest",
        "mash_intake", "mash_thresholds", "mash_earlyhelp", "mash_allocation", "mash_audit",
    };

    /// <summary>
    /// Every setting Production refuses, as "Setting__Name: why", in the order checked; empty when
    /// the configuration may run in Production.
    /// </summary>
    /// <param name="servesGrpc">The process serves gRPC itself (the services; not the console,
    /// whose HTTP a TLS-terminating proxy fronts).</param>
    public static IReadOnlyList<string> Refusals(IConfiguration configuration, bool servesGrpc)
    {
        var refusals = new List<string>();
        if (!string.IsNullOrEmpty(configuration["Auth:SigningKey"]))
            refusals.Add("Auth__SigningKey: a symmetric development signing key; Production trusts only the OIDC issuer of Auth__Authority");

        foreach (var connection in configuration.GetSection("ConnectionStrings").GetChildren())
            refusals.AddRange(PostgresRefusals(EnvironmentName(connection.Path), connection.Value));

        var rabbit = configuration.GetSection("RabbitMq");
        if (rabbit.Exists())
        {
            if (!rabbit.GetValue("UseTls", false))
                refusals.Add("RabbitMq__UseTls: AMQP without TLS; Production needs RabbitMq__UseTls=true (AMQPS)");
            if (IsDevelopmentPassword(rabbit["Username"], rabbit["Password"]))
                refusals.Add("RabbitMq__Password: a development password");
        }

        if (servesGrpc && configuration.GetValue("Mash:ListenAnyIp", false) && string.IsNullOrEmpty(configuration["Mash:Tls:CertificateFile"]))
            refusals.Add("Mash__ListenAnyIp: plaintext gRPC on every interface; set Mash__Tls__CertificateFile and Mash__Tls__KeyFile, or listen on loopback only");

        foreach (var (setting, address) in ServiceAddresses(configuration))
            if (PlaintextBeyondLoopback(address))
                refusals.Add($"{EnvironmentName(setting)}: plaintext http:// to another host; use https://");
        return refusals;
    }

    /// <summary>
    /// In Production, ends the start with every refusal at once (the process exits non-zero with
    /// the message); elsewhere does nothing.
    /// </summary>
    public static IHostApplicationBuilder RefuseDevelopmentSettings(this IHostApplicationBuilder builder, bool servesGrpc)
    {
        if (!builder.Environment.IsProduction()) return builder;
        var refusals = Refusals(builder.Configuration, servesGrpc);
        if (refusals.Count > 0)
            throw new InvalidOperationException(
                "Production refuses to start with development settings:\n  " + string.Join("\n  ", refusals) +
                "\n(README: Identity and access, Transport and database rights)");
        return builder;
    }

    /// <summary>A password of the development set-up, or one equal to its user name.</summary>
    public static bool IsDevelopmentPassword(string? user, string? password) =>
        !string.IsNullOrEmpty(password)
        && (DevelopmentPasswords.Contains(password) || string.Equals(password, user, StringComparison.OrdinalIgnoreCase));

    static IEnumerable<string> PostgresRefusals(string setting, string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) yield break;
        if (Parse(connectionString) is not { } parsed)
        {
            yield return $"{setting}: not a PostgreSQL connection string";
            yield break;
        }
        // Anything short of VerifyFull lets a server in the middle read every row: Disable and Prefer
        // may not encrypt at all, Require and VerifyCA do not check the server's name.
        if (parsed.SslMode != SslMode.VerifyFull)
            yield return $"{setting}: SSL Mode={parsed.SslMode}; Production needs SSL Mode=VerifyFull";
        if (IsDevelopmentPassword(parsed.Username, parsed.Password))
            yield return $"{setting}: a development password";
    }

    static NpgsqlConnectionStringBuilder? Parse(string connectionString)
    {
        try { return new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException) { return null; }
    }

    /// <summary>
    /// Where a process calls other Mash services: the console's <c>Services</c> section and any
    /// setting named <c>...Address</c> (early help's <c>EarlyHelp:IntakeAddress</c>).
    /// </summary>
    static IEnumerable<(string Setting, string Address)> ServiceAddresses(IConfiguration configuration) =>
        configuration.GetSection("Services").GetChildren().Select(s => (s.Path, s.Value ?? ""))
            .Concat(configuration.AsEnumerable()
                .Where(s => s.Key.EndsWith("Address", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(s.Value))
                .Select(s => (s.Key, s.Value!)));

    static bool PlaintextBeyondLoopback(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri)
        && uri.Scheme == Uri.UriSchemeHttp
        && !uri.IsLoopback;

    static string EnvironmentName(string path) => path.Replace(":", "__", StringComparison.Ordinal);
}
