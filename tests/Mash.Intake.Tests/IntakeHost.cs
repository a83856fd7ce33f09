using System.Security.Cryptography.X509Certificates;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
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

    /// <summary>A port held for this host that nothing listens on: intake alone has no early help to confirm a step-up.</summary>
    readonly TestPort _noEarlyHelp = TestPort.Reserve();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Database = await CreateDatabaseAsync("intake");
        var settings = new Dictionary<string, string>(RabbitEnvironment("intake"))
        {
            ["ConnectionStrings__Database"] = Database,
            ["Intake__EarlyHelpAddress"] = $"http://127.0.0.1:{_noEarlyHelp.Number}",
        };
        foreach (var (key, value) in Settings) settings[key] = value;
        Intake = new ServiceProcess("Intake", settings, TlsAuthority);
        await Intake.StartAsync();
    }

    /// <summary>
    /// A sample contact whose children the rules have triaged amber, due <paramref name="deadlineIn"/>
    /// from now, announced as thresholds does a contact's first triage: one ContactTriaged for all.
    /// </summary>
    public async Task<SubmitContactResponse> TriagedContactAsync(TimeSpan deadlineIn)
    {
        var cancel = Xunit.TestContext.Current.CancellationToken;
        var submitted = await Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: cancel);
        EventHeader Header(string childId) => new()
        {
            EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow), ContactId = submitted.ContactId, ChildId = childId, LocalAuthority = "walsall",
        };
        await PublishAsync(new ContactTriaged
        {
            Header = Header(""),
            Children =
            {
                submitted.Children.Select(child => new ChildTriaged
                {
                    Header = Header(child.ChildId), Evaluation = 1, Locality = "walsall-south",
                    Recommendation = new Recommendation { Rag = Rag.Amber, DecisionDeadline = Timestamp.FromDateTime(DateTime.UtcNow + deadlineIn) },
                }),
            },
        });
        await Eventually.Until(() => Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: cancel).ResponseAsync,
            r => r.Contact.Children.All(c => c.Status == ChildStatus.Triaged), "the children to be triaged");
        return submitted;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Intake is not null) await Intake.DisposeAsync();
        _noEarlyHelp.Dispose();
        await base.DisposeAsync();
    }
}
