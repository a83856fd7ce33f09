using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// After the front door, across all five services: one sibling is routed to Child in Need and
/// lands with a Walsall South social worker, the other to early help and gets an episode waiting
/// for the family's consent; the social worker steps the first child down, and early help takes it
/// into the family's episode without re-screening; audit's copies of the case's clocks stop running
/// with it. The whole trail verifies.
/// </summary>
public sealed class PathwayFlowTests(Pipeline pipeline) : IClassFixture<Pipeline>
{
    [Fact]
    public async Task Siblings_routed_to_child_in_need_and_early_help_reach_a_worker_and_an_episode_and_a_step_down_joins_the_family_episode()
    {
        var cancel = TestContext.Current.CancellationToken;
        var submitted = await new IntakeService.IntakeServiceClient(pipeline.Intake.As(Role.Partner, "wmp"))
            .SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: cancel);
        var (older, younger) = (submitted.Children[0].ChildId, submitted.Children[1].ChildId);
        await Eventually.Until(
            () => pipeline.IntakeClient.GetContactAsync(new GetContactRequest { ContactId = submitted.ContactId }, cancellationToken: cancel).ResponseAsync,
            r => r.Contact.Children.All(c => c.Status == ChildStatus.Triaged), "both children triaged");

        var thresholds = new ThresholdService.ThresholdServiceClient(pipeline.Thresholds.As(Role.Screener));
        await DecideAsync(thresholds, submitted.ContactId, older, Pathway.ChildInNeed, cancel);
        await DecideAsync(thresholds, submitted.ContactId, younger, Pathway.EarlyHelp, cancel);

        // Allocation: WS1 is Walsall South; a worker of its team under the cap takes the case.
        var allocation = new AllocationService.AllocationServiceClient(pipeline.Allocation.As(Role.Manager));
        var case_ = (await Eventually.Until(
            () => TryAsync(() => allocation.GetAllocationAsync(new GetAllocationRequest { ChildId = older }, cancellationToken: cancel).ResponseAsync),
            r => r?.Allocation.Status == AllocationStatus.Allocated, "the older child allocated"))!.Allocation;
        Assert.Equal(("walsall-south", Pathway.ChildInNeed), (case_.Locality, case_.Pathway));
        Assert.True(case_.Worker.Caseload <= case_.Worker.CaseloadCap);
        Assert.Contains(case_.Clocks, c => c.Kind == ClockKind.AssessmentCompleted && c.State == ClockState.Running);

        // Early help: one episode for the younger child, waiting for consent, on the 48-hour clock.
        var earlyHelp = new EarlyHelpService.EarlyHelpServiceClient(pipeline.EarlyHelp.As(Role.Manager));
        var episode = (await Eventually.Until(
            () => TryAsync(() => earlyHelp.GetEpisodeAsync(new GetEpisodeRequest { ChildId = younger }, cancellationToken: cancel).ResponseAsync),
            r => r is not null, "an early help episode for the younger child"))!.Episode;
        Assert.Equal((EpisodeStatus.AwaitingConsent, "walsall-south", EpisodeOrigin.MashRouting), (episode.Status, episode.Locality, episode.Origin));
        Assert.Equal([younger], episode.Children.Select(c => c.ChildId));
        Assert.True(episode.LeadProfessionalClock.DueAt.ToDateTimeOffset() > episode.LeadProfessionalClock.StartedAt.ToDateTimeOffset());

        // The social worker steps the older child down; early help opens an episode without re-screening.
        await new AllocationService.AllocationServiceClient(pipeline.Allocation.As(Role.Screener)).RequestStepDownAsync(new RequestStepDownRequest
        {
            AllocationId = case_.AllocationId, Reason = "Needs can be met by early help with a lead professional.",
            Needs = { new Concern { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer } },
        }, cancellationToken: cancel);
        var steppedDown = (await Eventually.Until(
            () => TryAsync(() => earlyHelp.GetEpisodeAsync(new GetEpisodeRequest { ChildId = older }, cancellationToken: cancel).ResponseAsync),
            r => r is not null, "the older child in the family's episode"))!.Episode;
        // The family already has an open episode (the younger sibling's): the stepped-down child joins it.
        Assert.Equal((episode.EpisodeId, case_.AllocationId), (steppedDown.EpisodeId, steppedDown.StepDownAllocationId));
        Assert.Equal(new[] { older, younger }.Order(), steppedDown.Children.Select(c => c.ChildId).Order());
        var after = (await allocation.GetAllocationAsync(new GetAllocationRequest { AllocationId = case_.AllocationId }, cancellationToken: cancel)).Allocation;
        Assert.Equal(AllocationStatus.SteppedDown, after.Status);

        // Audit follows the case's clocks as allocation runs them (one owner per clock): the same
        // start and due, and after the step-down none of them still running, so none can breach.
        Assert.Equal([ClockKind.ChildSeen, ClockKind.AssessmentCompleted], after.Clocks.Select(c => c.Kind).Order());
        foreach (var clock in after.Clocks)
            await Eventually.Until(() => Sql.CountOrZeroAsync(pipeline.AuditDb,
                "SELECT count(*) FROM clocks WHERE clock_id LIKE '%/' || $1 AND $2 = ANY(child_ids) AND started_at = $3 AND due_at = $4 AND cancelled_at = $5",
                clock.ClockId, older, clock.StartedAt.ToDateTimeOffset(), clock.DueAt.ToDateTimeOffset(), clock.CancelledAt.ToDateTimeOffset()),
                n => n == 1, $"audit's {clock.Kind} clock cancelled as allocation cancelled it");
        Assert.Equal(0, await Sql.CountAsync(pipeline.AuditDb,
            "SELECT count(*) FROM clocks WHERE $1 = ANY(child_ids) AND kind <> $2 AND stopped_at IS NULL AND cancelled_at IS NULL", older, (int)ClockKind.MashDecision));

        // Audit holds the story of the older child and every link of the chain checks out.
        var audit = new AuditService.AuditServiceClient(pipeline.Audit.As(Role.Manager));
        var trail = await Eventually.Until(
            () => audit.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = older }, cancellationToken: cancel).ResponseAsync,
            t => t.Entries.Any(e => e.EventType == "mash.events.v1.EarlyHelpEpisodeOpened"), "the step-down episode in the older child's trail");
        Assert.Superset(
            new HashSet<string> { "mash.events.v1.ChildRouted", "mash.events.v1.CaseAllocated", "mash.events.v1.StepDownRequested", "mash.events.v1.EarlyHelpEpisodeOpened" },
            trail.Entries.Select(e => e.EventType).ToHashSet());
        var verified = await audit.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: cancel);
        Assert.True(verified.Valid, $"broken at {verified.FirstBroken?.Sequence}: {verified.FirstBroken?.Problem}");
        Assert.True(verified.EntriesChecked >= trail.Entries.Count);
    }

    static async Task DecideAsync(ThresholdService.ThresholdServiceClient thresholds, string contactId, string childId, Pathway pathway, CancellationToken cancel)
    {
        var current = (await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: cancel)).Current;
        await thresholds.RecordDecisionAsync(new RecordDecisionRequest
        {
            ContactId = contactId, ChildId = childId, Stage = DecisionStage.Initial, RecommendationId = current.RecommendationId,
            InitialOutcome = InitialDecisionOutcome.StraightToAllocation, Pathway = pathway,
            Rationale = current.Pathway == pathway ? "" : "Test: each sibling takes a different pathway.",
            ReferrerFeedback = "Thank you: the hub has decided what happens next.",
        }, cancellationToken: cancel);
    }

    static async Task<T?> TryAsync<T>(Func<Task<T>> call) where T : class
    {
        try { return await call(); }
        catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound) { return null; }
    }
}
