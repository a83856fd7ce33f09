using Mash.Audit.Data;
using Mash.Audit.Domain.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Checkpoints;

/// <summary>The checkpoints in force (signatures verified) and the first problem found with them or against them.</summary>
public sealed record AnchorCheck(IReadOnlyList<Checkpoint> Checkpoints, CheckpointProblem? FirstProblem)
{
    public static readonly AnchorCheck None = new([], null);
}

/// <summary>
/// Measures the trail against every authority's latest checkpoint: the chain is one chain, so a
/// cut or a rewrite of its tail is a fault whoever's checkpoint shows it. The files are read before
/// the trail, so a checkpoint written meanwhile names only entries already committed.
/// </summary>
public sealed class CheckpointVerifier(IOptions<CheckpointOptions> options, CheckpointStore store)
{
    public async Task<AnchorCheck> CheckAsync(AuditDbContext db, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return AnchorCheck.None;
        var files = store.ReadAll();
        var checkpoints = files.Where(f => f.Checkpoint is not null).Select(f => f.Checkpoint!).ToList();

        var sequences = checkpoints.SelectMany(CheckpointCheck.Sequences).Distinct().ToList();
        var stored = await db.TrailEntries.AsNoTracking().Where(e => sequences.Contains(e.Sequence))
            .Select(e => new { e.Sequence, e.Hash }).ToDictionaryAsync(e => e.Sequence, e => e.Hash, cancellationToken);

        var problems = files.Select(f => f.Problem).Concat(checkpoints.Select(c => CheckpointCheck.Check(c, stored)));
        return new AnchorCheck(checkpoints, problems.OfType<CheckpointProblem>().MinBy(p => p.Sequence));
    }
}
