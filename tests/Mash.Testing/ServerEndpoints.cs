namespace Mash.Testing;

/// <summary>Where the test servers are and how to log in as an administrator.</summary>
public sealed record ServerEndpoints(
    string PostgresHost, int PostgresPort, string PostgresUser, string PostgresPassword,
    string RabbitHost, int RabbitPort, int RabbitManagementPort, string RabbitUser, string RabbitPassword,
    string Source)
{
    // Test servers listen on loopback (or a container on it): TLS there costs CPU on both ends and protects nothing.
    public string PostgresConnectionString(string database = "postgres") =>
        $"Host={PostgresHost};Port={PostgresPort};Database={database};Username={PostgresUser};Password={PostgresPassword};Include Error Detail=true;SSL Mode=Disable";
}
