using System.Security.Cryptography.X509Certificates;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;

namespace Mash.Intake.Tests;

/// <summary>Intake alone, as a process, on its own database and vhost.</summary>
public class IntakeHost : IsolatedEnvironment
{
    public ServiceProcess Intake { get; private set; } = null!;

    public string Database { get; private set; } = "";

    /// <summary>A screener of the test authority: the hub's own staff.</summary>
    public IntakeService.IntakeServiceClient Client => ClientAs(Role.Screener);

    public IntakeService.IntakeServiceClient ClientAs(Role role, string agency = "", string authority = TestIdentity.Authority) =>
        new(Intake.As(role, agency, authority));

    /// <summary>Configuration a derived host adds (environment variables of the process).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>The CA the clients trust when the derived host serves TLS.</summary>
    protected virtual X509Certificate2? TlsAuthority => null;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Database = await CreateDatabaseAsync("intake");
        var settings = new Dictionary<string, string>(RabbitEnvironment("intake")) { ["ConnectionStrings__Database"] = Database };
        foreach (var (key, value) in Settings) settings[key] = value;
        Intake = new ServiceProcess("Intake", settings, TlsAuthority);
        await Intake.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        if (Intake is not null) await Intake.DisposeAsync();
        await base.DisposeAsync();
    }
}
