using System.Text;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>The pipeline with every service exporting traces, metrics and logs to a sink the test reads.</summary>
public sealed class ObservedPipeline : Pipeline
{
    public TelemetrySink Telemetry { get; } = new();

    protected override IDictionary<string, string> CommonSettings => Telemetry.Environment();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Telemetry.DisposeAsync();
    }
}

/// <summary>
/// No personal data in logs, traces or metrics: a marker child with a name, NHS number, address,
/// date of birth and narrative found nowhere else goes through the whole flow (submitted by a
/// partner, triaged, read and decided by a screener, routed, its trail read by a manager), and
/// none of those values appears in any service's console log or in anything exported over OTLP.
/// </summary>
public sealed class PersonalDataTests(ObservedPipeline pipeline) : IClassFixture<ObservedPipeline>
{
    const string GivenName = "Quillfeather";
    const string FamilyName = "Zebedeemarkson";
    const string NhsNumber = "9434765919";
    const string AddressLine = "77 Kumquatmarker Lane";
    const string Narrative = "Marker narrative: the lantern fell from the xylophone shelf.";
    const string DateOfBirth = "2016-02-29";

    [Fact]
    public async Task A_marker_childs_name_nhs_number_address_birth_date_and_narrative_reach_no_log_or_span()
    {
        var cancel = TestContext.Current.CancellationToken;
        var partner = new IntakeService.IntakeServiceClient(pipeline.Intake.As(Role.Partner, "wmp"));
        var request = SampleContacts.DomesticAbuseSiblings();
        request.Children.RemoveAt(1);
        var child = request.Children[0];
        (child.GivenNames, child.FamilyName, child.NhsNumber) = (GivenName, FamilyName, NhsNumber);
        child.DateOfBirth = new Date { Year = 2016, Month = 2, Day = 29 };
        child.Address.Lines.Clear();
        child.Address.Lines.Add(AddressLine);
        request.Narrative = Narrative;
        var submitted = await partner.SubmitContactAsync(request, cancellationToken: cancel);
        var childId = submitted.Children[0].ChildId;

        // A screener reads the record and takes the recommendation; a manager reads the trail.
        var record = await Eventually.Until(
            () => pipeline.IntakeClient.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: cancel).ResponseAsync,
            r => r.Contact.Children.Single().Status == ChildStatus.Triaged, "the marker child triaged");
        Assert.Equal(FamilyName, record.Contact.Children.Single().Child.FamilyName);
        var thresholds = new ThresholdService.ThresholdServiceClient(pipeline.Thresholds.As(Role.Screener));
        var recommendation = (await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = submitted.ContactId, ChildId = childId }, cancellationToken: cancel)).Current;
        var decision = new RecordDecisionRequest
        {
            ContactId = submitted.ContactId, ChildId = childId, Stage = DecisionStage.Initial, RecommendationId = recommendation.RecommendationId,
            ReferrerFeedback = "Thank you: the hub has decided what happens next.",
        };
        if (recommendation.Pathway == Pathway.NoFurtherAction)
            (decision.InitialOutcome, decision.NfaReason) = (InitialDecisionOutcome.NoFurtherAction, recommendation.NfaReason);
        else
            (decision.InitialOutcome, decision.Pathway) = (InitialDecisionOutcome.StraightToAllocation, recommendation.Pathway);
        await thresholds.RecordDecisionAsync(decision, cancellationToken: cancel);
        var manager = new AuditService.AuditServiceClient(pipeline.Audit.As(Role.Manager));
        await Eventually.Until(
            () => manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = childId }, cancellationToken: cancel).ResponseAsync,
            t => t.Entries.Any(e => e.EventType == "mash.events.v1.ChildRouted"), "the routing in the marker child's trail");

        // The sink really receives what the services export: spans and logs of this flow.
        await Eventually.Until(() => Task.FromResult((pipeline.Telemetry.Count("/v1/traces"), pipeline.Telemetry.Count("/v1/logs"), pipeline.Telemetry.Count("/v1/metrics"))),
            c => c.Item1 > 0 && c.Item2 > 0 && c.Item3 > 0, "traces, logs and metrics exported");
        await Eventually.Until(() => Task.FromResult(Contains(pipeline.Telemetry.Exports.Select(e => e.Body), "SubmitContact")),
            found => found, "a span of the SubmitContact call exported");
        // Let the last batches (200 ms) go out before searching.
        await Task.Delay(TimeSpan.FromSeconds(2), cancel);

        string[] markers = [GivenName, FamilyName, NhsNumber, AddressLine, "Kumquatmarker", Narrative, "xylophone", DateOfBirth];
        var exported = pipeline.Telemetry.Exports;
        var leaks = new List<string>();
        foreach (var marker in markers)
        {
            leaks.AddRange(exported.Where(e => Contains([e.Body], marker)).Select(e => $"'{marker}' in an OTLP export to {e.Path}"));
            leaks.AddRange(pipeline.Services.Where(s => s.Output.Contains(marker, StringComparison.OrdinalIgnoreCase)).Select(s => $"'{marker}' in the console log of {s}"));
        }
        Assert.Empty(leaks);
    }

    static bool Contains(IEnumerable<byte[]> bodies, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return bodies.Any(b => b.AsSpan().IndexOf(needle) >= 0);
    }
}
