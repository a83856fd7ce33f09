using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Grpc;

/// <summary>
/// A contact naming an early help episode (step_up_episode_id) is accepted only when early help
/// confirms it is making this very contact for that episode. Early help's RequestStepUp keeps the
/// contact's bytes on the episode before it submits them and shows their SHA-256 on the episode
/// (pending_step_up_sha256) until intake has answered; intake reads the episode with the caller's
/// own token (so only staff of the episode's authority can) and compares. A manager, who may submit
/// nothing but step-ups, cannot invent an episode id or reuse a real one for another contact, and no
/// contact can claim an episode that the MASH's decision would then close as stepped up.
/// </summary>
public sealed class StepUpCheck(EarlyHelpService.EarlyHelpServiceClient earlyHelp, ILogger<StepUpCheck> logger)
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public async Task VerifyAsync(SubmitContactRequest submitted, Actor caller, ServerCallContext context)
    {
        if (caller.Role is not (Role.Screener or Role.Manager))
            throw RpcErrors.PermissionDenied("Only early help steps a family up (step_up_episode_id), as the hub staff member who asked for it");

        var asCaller = new Metadata { { "authorization", context.RequestHeaders.GetValue("authorization") ?? "" } };
        Episode episode;
        try
        {
            episode = (await earlyHelp.GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = submitted.StepUpEpisodeId }, asCaller,
                deadline: DateTime.UtcNow + Patience, cancellationToken: context.CancellationToken)).Episode;
        }
        catch (RpcException refused) when (refused.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.InvalidArgument)
        {
            throw NotAStepUp(submitted.StepUpEpisodeId);
        }
        catch (RpcException failed) when (failed.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.ResourceExhausted)
        {
            logger.LogWarning("Early help did not answer ({Code}) for the step-up from episode {EpisodeId}", failed.StatusCode, submitted.StepUpEpisodeId);
            throw RpcErrors.Unavailable("Early help could not confirm the step-up now; send the contact again", TimeSpan.FromSeconds(2));
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(submitted.ToByteArray()));
        if (episode.Status == EpisodeStatus.Closed || episode.PendingStepUpSha256 != digest)
        {
            logger.LogWarning("A contact named early help episode {EpisodeId}, which is not stepping up this contact", episode.EpisodeId);
            throw NotAStepUp(submitted.StepUpEpisodeId);
        }
    }

    static RpcException NotAStepUp(string episodeId) => RpcErrors.FailedPrecondition(
        $"Early help is not stepping a family up with this contact from episode {episodeId}: step-ups are made with early help's RequestStepUp");
}
