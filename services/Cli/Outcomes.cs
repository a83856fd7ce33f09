using Grpc.Core;
using Grpc.Net.Client;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;

namespace Mash.Cli;

/// <summary>
/// The demo's second half: a screener of each hub decides every waiting child as the rules
/// recommended, and the demo follows each child to where it went: an early help episode, a social
/// work team and worker, or closure with a reason. Then each hub's manager verifies the trail.
/// </summary>
public sealed class Outcomes(CommandLine options, string key, DateTime deadline)
{
    readonly GrpcChannel _thresholds = GrpcChannel.ForAddress(options.Option("--thresholds", "http://127.0.0.1:5102"));
    readonly GrpcChannel _earlyHelp = GrpcChannel.ForAddress(options.Option("--earlyhelp", "http://127.0.0.1:5103"));
    readonly GrpcChannel _allocation = GrpcChannel.ForAddress(options.Option("--allocation", "http://127.0.0.1:5104"));
    readonly GrpcChannel _audit = GrpcChannel.ForAddress(options.Option("--audit", "http://127.0.0.1:5105"));

    CallInvoker As(GrpcChannel channel, Role role, string hub) => channel.WithBearerToken(DevTokens.Mint(key, role, "", hub));

    /// <summary>Decides a triaged child as recommended (a replayed demo finds it decided already and leaves it).</summary>
    public async Task DecideAsRecommendedAsync(string hub, Contact contact, ContactChild child)
    {
        if (child.Status is not (ChildStatus.Triaged or ChildStatus.AwaitingDecision) || child.Recommendation is not { } recommendation) return;
        var decision = new RecordDecisionRequest
        {
            ContactId = contact.ContactId, ChildId = child.Child.ChildId, Stage = DecisionStage.Initial,
            RecommendationId = recommendation.RecommendationId,
            ReferrerFeedback = "Thank you for your contact: the hub has decided what happens next.",
        };
        if (recommendation.Pathway == Pathway.NoFurtherAction)
            (decision.InitialOutcome, decision.NfaReason) = (InitialDecisionOutcome.NoFurtherAction, recommendation.NfaReason);
        else
            (decision.InitialOutcome, decision.Pathway) = (InitialDecisionOutcome.StraightToAllocation, recommendation.Pathway);
        await new ThresholdService.ThresholdServiceClient(As(_thresholds, Role.Screener, hub)).RecordDecisionAsync(decision);
    }

    /// <summary>Where a routed child is now, in one line, and the clocks its case runs; null while its service has not taken it on yet.</summary>
    public async Task<Placed?> WhereAsync(string hub, ContactChild child) => child.Pathway switch
    {
        Pathway.NoFurtherAction => new Placed($"closed: {child.NfaReason}", []),
        Pathway.EarlyHelp => await EpisodeAsync(hub, child.Child.ChildId),
        Pathway.ChildInNeed or Pathway.ChildProtection => await AllocationAsync(hub, child.Child.ChildId),
        _ => null,
    };

    async Task<Placed?> EpisodeAsync(string hub, string childId)
    {
        try
        {
            var episode = (await new EarlyHelpService.EarlyHelpServiceClient(As(_earlyHelp, Role.Manager, hub))
                .GetEpisodeAsync(new GetEpisodeRequest { ChildId = childId })).Episode;
            var due = episode.LeadProfessionalClock?.DueAt is { } at ? $", lead professional due {Demo.London(at.ToDateTimeOffset())}" : "";
            return new Placed($"early help episode {Demo.Short(episode.EpisodeId)} in {episode.Locality}: {episode.Status}{due}",
                episode.LeadProfessionalClock is { } clock ? [clock] : []);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
    }

    async Task<Placed?> AllocationAsync(string hub, string childId)
    {
        try
        {
            var allocation = (await new AllocationService.AllocationServiceClient(As(_allocation, Role.Manager, hub))
                .GetAllocationAsync(new GetAllocationRequest { ChildId = childId })).Allocation;
            return new Placed(allocation.Status == AllocationStatus.Queued
                ? $"queued for {allocation.Team?.TeamId ?? allocation.Locality} ({allocation.QueueReason})"
                : $"{allocation.Team?.TeamId} / {allocation.Worker?.WorkerId} ({allocation.Worker?.Caseload}/{allocation.Worker?.CaseloadCap})",
                [.. allocation.Clocks]);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound) { return null; }
    }

    /// <summary>Asks the hub's manager to re-check every link of the trail.</summary>
    public async Task<VerifyTrailResponse> VerifyAsync(string hub) =>
        await new AuditService.AuditServiceClient(As(_audit, Role.Manager, hub)).VerifyTrailAsync(new VerifyTrailRequest { All = true });

    public DateTime Deadline => deadline;
}

/// <summary>Where a routed child went, and the clocks running on its case there.</summary>
public sealed record Placed(string Text, IReadOnlyList<Clock> Clocks);
