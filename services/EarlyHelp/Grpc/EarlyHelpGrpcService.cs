using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Intake.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Episodes;

namespace Mash.EarlyHelp.Grpc;

/// <summary>
/// The early help API, one partial class per concern. Every change locks the episode's row for its
/// transaction, checks the caller may see it (staff of its authority; anyone else is told it does
/// not exist), applies the domain's rules and writes its events to the outbox with the change.
/// </summary>
public sealed partial class EarlyHelpGrpcService(
    EarlyHelpDbContext db,
    LeadProfessionals leadProfessionals,
    EpisodeClosing closing,
    LeadProfessionalDirectory directory,
    IntakeService.IntakeServiceClient intake,
    TimeProvider clock,
    ILogger<EarlyHelpGrpcService> logger) : EarlyHelpService.EarlyHelpServiceBase
{
    const string ServiceName = "earlyhelp";

    static bool StaffSees(Actor caller, string localAuthority) =>
        caller.Role is Role.Screener or Role.Manager or Role.Auditor
        && caller.LocalAuthority.Length > 0 && caller.LocalAuthority == localAuthority;

    /// <summary>The episode, locked until the transaction ends, if the caller may see it.</summary>
    async Task<(EpisodeRecord Row, Episode Episode)> LockVisibleAsync(string episodeId, ServerCallContext context)
    {
        var violations = new List<(string, string)>();
        RequestRules.EpisodeId(violations, episodeId);
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);
        var row = await db.LockAsync(Guid.Parse(episodeId), context.CancellationToken);
        if (row is null || !StaffSees(context.Actor(), row.LocalAuthority))
            throw RpcErrors.NotFound($"Episode {episodeId}");
        return (row, row.Message());
    }

    static void ThrowIf(Domain.Refusal? refusal)
    {
        if (refusal is null) return;
        throw refusal.Kind == RefusalKind.InvalidArgument
            ? RpcErrors.InvalidArgument(refusal.Violations)
            : RpcErrors.FailedPrecondition(refusal.Message);
    }

    async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
