using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mash.EarlyHelp.Grpc;

/// <summary>GetEpisode and ListEpisodes. Each read of a family's episode is recorded (RecordViewed).</summary>
public sealed partial class EarlyHelpGrpcService
{
    const int DefaultPageSize = 50;

    public override async Task<GetEpisodeResponse> GetEpisode(GetEpisodeRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        ThrowIf(RequestRules.Get(request));
        var cancellationToken = context.CancellationToken;
        EpisodeRecord? row;
        if (request.EpisodeId.Length > 0)
        {
            var id = Guid.Parse(request.EpisodeId);
            row = await db.Episodes.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, cancellationToken);
        }
        else
        {
            // The child's open episode, else the latest one.
            var childId = Guid.Parse(request.ChildId);
            row = await db.EpisodeChildren.AsNoTracking().Where(c => c.ChildId == childId)
                .Join(db.Episodes, c => c.EpisodeId, e => e.Id, (c, e) => new { c.Open, Episode = e })
                .OrderByDescending(x => x.Open).ThenByDescending(x => x.Episode.OpenedAt)
                .Select(x => x.Episode).FirstOrDefaultAsync(cancellationToken);
        }
        if (row is null || !StaffSees(caller, row.LocalAuthority))
            throw RpcErrors.NotFound(request.EpisodeId.Length > 0 ? $"Episode {request.EpisodeId}" : $"An episode of child {request.ChildId}");

        var episode = row.View();
        await db.RecordViewedAsync(context, ServiceName, EpisodeChanges.ChildIds(episode).ToList(), episode.ContactId, episode.LocalAuthority, episode.EpisodeId, clock);
        return new GetEpisodeResponse { Episode = episode };
    }

    public override async Task<ListEpisodesResponse> ListEpisodes(ListEpisodesRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        ThrowIf(RequestRules.List(request));
        var cancellationToken = context.CancellationToken;

        // Staff see their own authority's episodes; asking for another's finds none.
        var rows = db.Episodes.AsNoTracking().Where(e => e.LocalAuthority == caller.LocalAuthority);
        if (request.LocalAuthority.Length > 0) rows = rows.Where(e => e.LocalAuthority == request.LocalAuthority);
        if (request.Locality.Length > 0) rows = rows.Where(e => e.Locality == request.Locality);
        var statuses = request.Statuses.Select(s => (int)s).ToList();
        if (statuses.Count > 0) rows = rows.Where(e => statuses.Contains(e.Status));
        if (request.LeadProfessionalId.Length > 0) rows = rows.Where(e => e.LeadProfessionalId == request.LeadProfessionalId);
        if (request.PageToken.Length > 0 && EpisodeCursor.TryDecode(request.PageToken, out var after))
            rows = rows.Where(e => e.DueAt > after!.DueAt || (e.DueAt == after.DueAt && e.Id.CompareTo(after.EpisodeId) > 0));

        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await rows.OrderBy(e => e.DueAt).ThenBy(e => e.Id).Take(pageSize + 1).ToListAsync(cancellationToken);

        var response = new ListEpisodesResponse();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var row in page.Take(pageSize))
        {
            var episode = row.View();
            response.Episodes.Add(episode);
            await db.RecordViewedAsync(context, ServiceName, EpisodeChanges.ChildIds(episode).ToList(), episode.ContactId, episode.LocalAuthority, episode.EpisodeId, clock);
        }
        await transaction.CommitAsync(cancellationToken);
        if (page.Count > pageSize)
        {
            var last = page[pageSize - 1];
            response.NextPageToken = new EpisodeCursor(last.DueAt, last.Id).Encode();
        }
        return response;
    }

    public override async Task<ListLeadProfessionalsResponse> ListLeadProfessionals(ListLeadProfessionalsRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        // Names and loads of the caller's own authority only; nothing about a family, so no view is recorded.
        var loads = await leadProfessionals.LoadsAsync(caller.LocalAuthority, context.CancellationToken);
        var response = new ListLeadProfessionalsResponse();
        foreach (var entry in directory.Of(caller.LocalAuthority).Where(e => request.Locality.Length == 0 || e.Locality == request.Locality).OrderBy(e => e.Order))
            response.LeadProfessionals.Add(new LeadProfessionalPlaces
            {
                LeadProfessional = entry.ToMessage(),
                Capacity = entry.Capacity,
                OpenEpisodes = loads.GetValueOrDefault(entry.Id),
                AgeFrom = entry.AgeFrom,
                AgeTo = entry.AgeTo,
            });
        return response;
    }
}
