using Mash.Audit.Data;
using Mash.Audit.Domain.Checkpoints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Checkpoints;

/// <summary>
/// Signs the trail's head regularly (every <see cref="CheckpointOptions.Interval"/>, sooner after
/// <see cref="CheckpointOptions.AfterEntries"/> entries) into the checkpoint directory. A round
/// reads the checkpoints in force and refuses to go on when one does not verify; reads the links
/// appended since (sequence, hashes and authority only) and signs a new head only when it descends
/// from the last one (<see cref="CheckpointRound"/>). A refused round is logged as an error and
/// leaves the last checkpoint in place, as the evidence VerifyTrail reports.
/// </summary>
public sealed class CheckpointWriter(
    IServiceScopeFactory scopes,
    CheckpointStore store,
    CheckpointTrigger trigger,
    TimeProvider clock,
    IOptions<CheckpointOptions> options,
    ILogger<CheckpointWriter> logger) : BackgroundService
{
    const int PageSize = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try { await RoundAsync(stoppingToken); }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "A checkpoint round failed; the next one tries again");
                }
                await trigger.WaitAsync(options.Value.Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>One round; returns the checkpoints written (none when the trail has not moved or a check failed).</summary>
    public async Task<IReadOnlyList<Checkpoint>> RoundAsync(CancellationToken cancellationToken)
    {
        var files = store.ReadAll();
        if (files.FirstOrDefault(f => f.Problem is not null) is { } bad)
        {
            logger.LogError("Checkpoint {File}: {Problem}; no checkpoint is written until it is looked into", bad.File, bad.Problem!.Problem);
            return [];
        }

        var round = new CheckpointRound([.. files.Select(f => f.Checkpoint!)]);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AuditDbContext>();
            while (true)
            {
                var after = round.After;
                var page = await db.TrailEntries.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(PageSize)
                    .Select(e => new ChainLink(e.Sequence, e.PreviousHash, e.Hash, e.LocalAuthority)).ToListAsync(cancellationToken);
                foreach (var link in page)
                {
                    if (round.Follow(link) is not { } problem) continue;
                    logger.LogError("The trail does not descend from its last checkpoint at sequence {Sequence} ({Problem}); no checkpoint is written",
                        problem.Sequence, problem.Problem);
                    return [];
                }
                if (page.Count < PageSize) break;
            }
        }

        var next = round.Next(clock.GetUtcNow());
        foreach (var checkpoint in next) await store.WriteAsync(checkpoint, cancellationToken);
        if (next.Count > 0) logger.LogInformation("Checkpoint of the trail at sequence {Sequence} for {Authorities} authorities", next[0].Chain.Sequence, next.Count);
        return next;
    }
}
