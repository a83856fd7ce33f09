using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// Multi-agency checks on real servers: a check asked of police lands in police's queue, police
/// answers, and the answer reaches the contact and the bus (for the rules to re-run).
/// </summary>
public sealed class AgencyCheckTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_check_asked_of_police_is_in_polices_queue_and_its_answer_reaches_the_contact()
    {
        var completed = await host.CaptureAsync<AgencyCheckCompleted>();
        var submitted = await host.TriagedContactAsync(TimeSpan.FromHours(20));

        var requested = await host.Client.RequestAgencyChecksAsync(new RequestAgencyChecksRequest
        {
            ContactId = submitted.ContactId,
            Agencies = { AgencyKind.Police, AgencyKind.Health },
            Question = "Any domestic abuse call-outs to this address in the last year?",
        }, cancellationToken: Cancel);

        Assert.Equal(["wmp", "hub-health"], requested.Checks.Select(c => c.Agency));
        var policeQueue = (await host.Client.ListAgencyChecksAsync(new ListAgencyChecksRequest { Agency = "wmp" }, cancellationToken: Cancel)).Checks;
        var check = Assert.Single(policeQueue, c => c.ContactId == submitted.ContactId);
        Assert.Equal((Rag.Amber, AgencyCheckState.Open, 2), (check.Rag, check.State, check.Subjects.Count));
        Assert.Equal("Example", check.Subjects[0].FamilyName);
        Assert.Empty((await host.Client.ListAgencyChecksAsync(new ListAgencyChecksRequest { Agency = "hub-housing" }, cancellationToken: Cancel)).Checks);
        var queueRow = (await host.Client.ListContactsAsync(new ListContactsRequest(), cancellationToken: Cancel)).Items.First(i => i.ContactId == submitted.ContactId);
        Assert.Equal(2, queueRow.OpenChecks);

        await host.ClientAs(Role.Partner, "wmp").RecordAgencyCheckAsync(new RecordAgencyCheckRequest
        {
            CheckId = check.CheckId,
            Finding = CheckFinding.Known,
            Summary = "Three domestic incidents at the address since March; one arrest.",
            Indicators = { new Concern { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer } },
        }, cancellationToken: Cancel);

        var contact = (await host.Client.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: Cancel)).Contact;
        var answered = Assert.Single(contact.AgencyChecks, c => c.CheckId == check.CheckId);
        Assert.Equal((AgencyCheckState.Answered, CheckFinding.Known, false), (answered.State, answered.Answer.Finding, answered.Answer.Late));
        Assert.DoesNotContain((await host.Client.ListAgencyChecksAsync(new ListAgencyChecksRequest { Agency = "wmp" }, cancellationToken: Cancel)).Checks, c => c.CheckId == check.CheckId);
        var @event = (await Eventually.Until(() => host.DrainAsync<AgencyCheckCompleted>(completed), m => m.Count > 0, "AgencyCheckCompleted")).Single();
        Assert.Equal((check.CheckId, CheckFinding.Known, ConcernCategory.DomesticAbuse), (@event.CheckId, @event.Finding, @event.Indicators.Single().Category));
        Assert.Equal(submitted.Children.Select(c => c.ChildId), @event.ChildIds);
    }

    [Fact]
    public async Task Reading_checks_and_their_answers_is_a_view_of_the_children_in_the_receiving_hubs_trail()
    {
        var views = await host.CaptureAsync<RecordViewed>();
        var submitted = await host.TriagedContactAsync(TimeSpan.FromHours(20));
        var check = (await host.Client.RequestAgencyChecksAsync(new RequestAgencyChecksRequest { ContactId = submitted.ContactId, Agencies = { AgencyKind.Police } }, cancellationToken: Cancel)).Checks.Single();
        // A partner signed in without an authority: its read must still land in the trail of the hub that asked.
        var police = host.ClientAs(Role.Partner, "wmp", authority: "");
        await police.RecordAgencyCheckAsync(new RecordAgencyCheckRequest { CheckId = check.CheckId, Finding = CheckFinding.NotKnown, Summary = "Nothing held." }, cancellationToken: Cancel);

        var answered = new ListAgencyChecksRequest { Agency = "wmp", ContactId = submitted.ContactId, States = { AgencyCheckState.Answered } };
        Assert.Equal(CheckFinding.NotKnown, (await host.ClientAs(Role.Manager).ListAgencyChecksAsync(answered, cancellationToken: Cancel)).Checks.Single().Answer.Finding);
        Assert.Single((await police.ListAgencyChecksAsync(answered, cancellationToken: Cancel)).Checks);

        // The two reads may reach the bus in separate batches: collect, do not just look.
        var recorded = await host.CollectAsync<RecordViewed>(views, v => v.Method.EndsWith("/ListAgencyChecks", StringComparison.Ordinal), 2, "both reads of the answered check");
        Assert.Equal([Role.Partner, Role.Manager], recorded.Select(v => v.Header.Actor.Role).Order());
        Assert.All(recorded, v => Assert.Equal(
            (submitted.ContactId, "walsall", check.CheckId, "mash.intake.v1.IntakeService/ListAgencyChecks"),
            (v.Header.ContactId, v.Header.LocalAuthority, v.ResourceId, v.Method)));
        Assert.All(recorded, v => Assert.Equal(submitted.Children.Select(c => c.ChildId), v.ChildIds));
    }

    [Fact]
    public async Task An_answer_after_the_deadline_is_accepted_and_marked_late_and_a_check_is_answered_once()
    {
        var submitted = await host.TriagedContactAsync(TimeSpan.FromMilliseconds(-1));
        var check = (await host.Client.RequestAgencyChecksAsync(new RequestAgencyChecksRequest { ContactId = submitted.ContactId, Agencies = { AgencyKind.Education } }, cancellationToken: Cancel)).Checks.Single();

        var school = host.ClientAs(Role.Partner, "hub-education");
        var answer = (await school.RecordAgencyCheckAsync(new RecordAgencyCheckRequest { CheckId = check.CheckId, Finding = CheckFinding.NotKnown }, cancellationToken: Cancel)).Check.Answer;
        var again = await Assert.ThrowsAsync<RpcException>(() => school.RecordAgencyCheckAsync(new RecordAgencyCheckRequest { CheckId = check.CheckId, Finding = CheckFinding.NotKnown }, cancellationToken: Cancel).ResponseAsync);

        Assert.True(answer.Late);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Checks_wait_for_triage_and_bad_requests_and_answers_are_refused()
    {
        var untriaged = await host.Client.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        var early = await Assert.ThrowsAsync<RpcException>(() => host.Client.RequestAgencyChecksAsync(new RequestAgencyChecksRequest { ContactId = untriaged.ContactId, Agencies = { AgencyKind.Police } }, cancellationToken: Cancel).ResponseAsync);
        var noAgency = await Assert.ThrowsAsync<RpcException>(() => host.Client.RequestAgencyChecksAsync(new RequestAgencyChecksRequest { ContactId = untriaged.ContactId }, cancellationToken: Cancel).ResponseAsync);
        var triaged = await host.TriagedContactAsync(TimeSpan.FromHours(4));
        var check = (await host.Client.RequestAgencyChecksAsync(new RequestAgencyChecksRequest { ContactId = triaged.ContactId, Agencies = { AgencyKind.Police } }, cancellationToken: Cancel)).Checks.Single();
        var police = host.ClientAs(Role.Partner, "wmp");
        var knownWithoutSummary = await Assert.ThrowsAsync<RpcException>(() => police.RecordAgencyCheckAsync(new RecordAgencyCheckRequest { CheckId = check.CheckId, Finding = CheckFinding.Known }, cancellationToken: Cancel).ResponseAsync);
        var unknownCheck = await Assert.ThrowsAsync<RpcException>(() => police.RecordAgencyCheckAsync(new RecordAgencyCheckRequest { CheckId = Guid.NewGuid().ToString(), Finding = CheckFinding.NotKnown }, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noAgency.StatusCode);
        Assert.Equal("summary", knownWithoutSummary.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Single().Field);
        Assert.Equal(StatusCode.NotFound, unknownCheck.StatusCode);
    }
}
