using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;

namespace Mash.Chaos;

/// <summary>A child's routing decision as the screener saw it recorded (by the screener, or by the system for an auto_route rule).</summary>
public sealed record DecidedChild(string ContactId, string ChildId, string DecisionId, Pathway Pathway, bool BySystem);

/// <summary>
/// A MASH screener of the receiving hub who decides every child of an accepted contact as the rules
/// recommend (initial decision: straight to allocation, or no further action), as the demo does.
/// RecordDecision has no idempotency key: after a failed call the screener looks again
/// (GetRecommendation) and decides only a child that still has no routing decision in effect.
/// </summary>
public sealed class Screener(ServiceProcess thresholds, DateTime runDeadline)
{
    const string Feedback = "Thank you for your contact: the hub has decided what happens next.";
    int _retries;

    public int Retries => _retries;

    public async Task<DecidedChild?> DecideAsync(AcceptedContact contact, string childId, Action<string> failed, CancellationToken cancellationToken)
    {
        var client = new ThresholdService.ThresholdServiceClient(thresholds.As(Role.Screener, "", contact.Planned.Hub));
        var request = new GetRecommendationRequest { ContactId = contact.ContactId, ChildId = childId };
        for (var attempt = 0; DateTime.UtcNow < runDeadline; attempt++)
        {
            try
            {
                var child = await Retry.UntilAnsweredAsync(
                    deadline => client.GetRecommendationAsync(request, deadline: deadline, cancellationToken: cancellationToken).ResponseAsync,
                    runDeadline, () => Interlocked.Increment(ref _retries), cancellationToken);
                if (child.Decisions.FirstOrDefault(Routes) is { } routed)
                    return new DecidedChild(contact.ContactId, childId, routed.DecisionId, routed.Pathway, routed.AutoRoute);
                if (child.Current is { } recommendation)
                    await Retry.UntilAnsweredAsync(
                        deadline => client.RecordDecisionAsync(AsRecommended(contact.ContactId, childId, recommendation), deadline: deadline, cancellationToken: cancellationToken).ResponseAsync,
                        runDeadline, () => Interlocked.Increment(ref _retries), cancellationToken);
                // Decided now, or not yet triaged: look again (the answer of a decision may have been lost).
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.FailedPrecondition)
            {
                // Not triaged yet (thresholds has not consumed the contact), or decided meanwhile: look again.
                await Retry.PauseAsync(Math.Min(attempt, 2), cancellationToken);
            }
            catch (RpcException e)
            {
                failed($"{contact.ContactId}/{childId}: {e.StatusCode} {e.Status.Detail}");
                return null;
            }
        }
        failed($"{contact.ContactId}/{childId}: no routing decision before the run's deadline");
        return null;
    }

    static bool Routes(Decision d) => d.State == DecisionState.InEffect && d.Pathway != Pathway.Unspecified;

    static RecordDecisionRequest AsRecommended(string contactId, string childId, Recommendation recommendation)
    {
        var decision = new RecordDecisionRequest
        {
            ContactId = contactId, ChildId = childId, Stage = DecisionStage.Initial,
            RecommendationId = recommendation.RecommendationId, ReferrerFeedback = Feedback,
        };
        if (recommendation.Pathway == Pathway.NoFurtherAction)
            (decision.InitialOutcome, decision.NfaReason) = (InitialDecisionOutcome.NoFurtherAction, recommendation.NfaReason);
        else
            (decision.InitialOutcome, decision.Pathway) = (InitialDecisionOutcome.StraightToAllocation, recommendation.Pathway);
        return decision;
    }
}
