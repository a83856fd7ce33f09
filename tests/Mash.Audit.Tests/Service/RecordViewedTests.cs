using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Audit.Tests.Service;

/// <summary>Intake, thresholds and audit as real processes on one vhost: what a person reads elsewhere lands in the child's trail.</summary>
public sealed class FrontDoor : AuditHost
{
    public ServiceProcess Intake { get; private set; } = null!;
    public ServiceProcess Thresholds { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var (intakeDb, thresholdsDb) = (await CreateDatabaseAsync("intake"), await CreateDatabaseAsync("thresholds"));
        Intake = new ServiceProcess("Intake", new Dictionary<string, string>(RabbitEnvironment("intake")) { ["ConnectionStrings__Database"] = intakeDb });
        Thresholds = new ServiceProcess("Thresholds", new Dictionary<string, string>(RabbitEnvironment("thresholds")) { ["ConnectionStrings__Database"] = thresholdsDb });
        await Task.WhenAll(Intake.StartAsync(), Thresholds.StartAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        if (Intake is not null) await Intake.DisposeAsync();
        if (Thresholds is not null) await Thresholds.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class RecordViewedTests(FrontDoor door) : IClassFixture<FrontDoor>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_persons_reads_in_intake_and_thresholds_land_in_the_childs_audit_trail()
    {
        var intake = new IntakeService.IntakeServiceClient(door.Intake.As(Role.Screener));
        var submitted = await intake.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        var child = submitted.Children[0].ChildId;

        await intake.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel);
        var thresholds = new ThresholdService.ThresholdServiceClient(door.Thresholds.As(Role.Manager));
        await Eventually.Until(async () =>
        {
            try { return (await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = submitted.ContactId, ChildId = child }, cancellationToken: Cancel)).Current; }
            catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.NotFound) { return null; }
        }, r => r is not null, "the child's recommendation");

        // Read the trail straight from the database: reading it through the API is itself a view.
        var methods = await Eventually.Until(
            () => Task.FromResult(ViewsOf(child)),
            m => m.Contains("mash.intake.v1.IntakeService/GetContact") && m.Contains("mash.thresholds.v1.ThresholdService/GetRecommendation"),
            "both reads in the child's trail");
        Assert.Contains("mash.intake.v1.IntakeService/GetContact", methods);

        var trail = await door.Manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = child }, cancellationToken: Cancel);
        var viewed = trail.Entries.Where(e => e.EventType == "mash.events.v1.RecordViewed").Select(e => (e.Actor.Role, RecordViewed.Parser.ParseFrom(e.Event).Service)).ToList();
        Assert.Contains((Role.Screener, "intake"), viewed);
        Assert.Contains((Role.Manager, "thresholds"), viewed);
        Assert.Contains(trail.Entries, e => e.EventType == "mash.events.v1.ContactReceived");
        Assert.True((await door.Manager.VerifyTrailAsync(new VerifyTrailRequest { ChildId = child }, cancellationToken: Cancel)).Valid);
    }

    List<string> ViewsOf(string child)
    {
        using var connection = new Npgsql.NpgsqlConnection(door.Database);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand("SELECT body FROM trail_entries WHERE event_type = 'mash.events.v1.RecordViewed' AND $1 = ANY(child_ids)", connection)
        {
            Parameters = { new Npgsql.NpgsqlParameter { Value = child } },
        };
        using var reader = command.ExecuteReader();
        var methods = new List<string>();
        while (reader.Read()) methods.Add(RecordViewed.Parser.ParseFrom(reader.GetFieldValue<byte[]>(0)).Method);
        return methods;
    }
}
