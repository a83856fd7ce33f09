using Google.Protobuf.WellKnownTypes;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Mash.EarlyHelp.Episodes;

/// <summary>
/// Lead professionals for families: brokerage from the directory (<see cref="Brokerage"/>), a
/// manager's choice, and the locality panel queues that wait for a free place. The caller holds the
/// episode's row lock; these take the authority's brokerage lock, so places are never given twice.
/// Changes join the caller's unit of work.
/// </summary>
public sealed class LeadProfessionals(EarlyHelpDbContext db, LeadProfessionalDirectory directory, TimeProvider clock, ILogger<LeadProfessionals> logger)
{
    /// <summary>Open episodes held per lead professional of an authority, as committed plus this transaction's changes.</summary>
    public async Task<Dictionary<string, int>> LoadsAsync(string localAuthority, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        return await db.Episodes.AsNoTracking()
            .Where(e => e.LocalAuthority == localAuthority && e.Status != (int)EpisodeStatus.Closed && e.LeadProfessionalId != "")
            .GroupBy(e => e.LeadProfessionalId)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    /// <summary>Consent was given: broker now, or join the locality's panel queue.</summary>
    public async Task BrokerAsync(EpisodeRecord row, Episode episode, string causationId, CancellationToken cancellationToken)
    {
        await db.BrokerageLockAsync(episode.LocalAuthority, cancellationToken);
        var loads = await LoadsAsync(episode.LocalAuthority, cancellationToken);
        if (!TryBroker(row, episode, loads, causationId))
        {
            episode.Status = EpisodeStatus.AwaitingLeadProfessional;
            row.Store(episode);
            logger.LogInformation("Episode {EpisodeId}: no lead professional free in {Locality}; waiting in the panel queue", episode.EpisodeId, episode.Locality);
        }
    }

    /// <summary>A manager's choice (checked by <see cref="EpisodeRules.Assign"/>).</summary>
    public async Task<Domain.Refusal?> AssignAsync(EpisodeRecord row, Episode episode, string leadProfessionalId, string reason, Actor manager, CancellationToken cancellationToken)
    {
        var chosen = directory.Find(leadProfessionalId);
        await db.BrokerageLockAsync(episode.LocalAuthority, cancellationToken);
        var loads = await LoadsAsync(episode.LocalAuthority, cancellationToken);
        if (EpisodeRules.Assign(episode, chosen, chosen is null ? 0 : loads.GetValueOrDefault(chosen.Id)) is { } refusal) return refusal;

        var previous = Assign(row, episode, chosen!, AssignmentMode.Manual, reason.Trim(), manager, "");
        // The previous lead professional has a place again.
        if (previous.Length > 0) await RetryPanelQueueAsync(episode.LocalAuthority, "", cancellationToken);
        return null;
    }

    /// <summary>
    /// A place came free in the authority (an episode closed or a family changed lead professional):
    /// the waiting families are brokered again, the oldest deadline first. Episodes being changed by
    /// someone else right now are skipped; their own change re-brokers them if it needs to.
    /// </summary>
    public async Task RetryPanelQueueAsync(string localAuthority, string causationId, CancellationToken cancellationToken)
    {
        await db.BrokerageLockAsync(localAuthority, cancellationToken);
        var loads = await LoadsAsync(localAuthority, cancellationToken);
        var waiting = await db.Episodes.FromSql($"""
            SELECT * FROM episodes WHERE local_authority = {localAuthority} AND status = {(int)EpisodeStatus.AwaitingLeadProfessional}
            ORDER BY due_at, id LIMIT 500 FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        foreach (var row in waiting.OrderBy(r => r.DueAt).ThenBy(r => r.Id))
        {
            await db.Entry(row).Collection(r => r.Children).LoadAsync(cancellationToken);
            if (TryBroker(row, row.Message(), loads, causationId))
                logger.LogInformation("Episode {EpisodeId} left the {Locality} panel queue: a place came free", row.Id, row.Locality);
        }
    }

    bool TryBroker(EpisodeRecord row, Episode episode, Dictionary<string, int> loads, string causationId)
    {
        var children = episode.Children.Select(c => new BrokerageChild(c.AgeYears, c.Setting?.Kind ?? SettingKind.Unspecified)).ToList();
        var match = Brokerage.Choose(episode.LocalAuthority, episode.Locality, children, directory.Of(episode.LocalAuthority), loads);
        if (match is null) return false;
        Assign(row, episode, match.LeadProfessional, AssignmentMode.Brokered, match.Reason, EventHeaders.System, causationId);
        loads[match.LeadProfessional.Id] = loads.GetValueOrDefault(match.LeadProfessional.Id) + 1;
        logger.LogInformation("Episode {EpisodeId}: lead professional {LeadProfessionalId} brokered", episode.EpisodeId, match.LeadProfessional.Id);
        return true;
    }

    /// <returns>The previous lead professional's id, or empty.</returns>
    string Assign(EpisodeRecord row, Episode episode, LeadProfessionalEntry entry, AssignmentMode mode, string reason, Actor actor, string causationId)
    {
        var now = clock.GetUtcNow();
        var assignment = new LeadProfessionalAssignment
        {
            LeadProfessional = entry.ToMessage(),
            Mode = mode,
            Reason = reason,
            AssignedBy = actor,
            AssignedAt = Timestamp.FromDateTimeOffset(now),
        };
        var previous = EpisodeChanges.Assign(episode, assignment, now);
        row.Store(episode);
        db.AddEvent(EpisodeEvents.Allocated(episode, assignment, previous, now, causationId), clock);
        return previous;
    }
}
