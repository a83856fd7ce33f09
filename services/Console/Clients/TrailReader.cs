using Mash.Contracts.Audit.V1;

namespace Mash.Console.Clients;

/// <summary>A child's decision trail in chain order, read page by page up to a bound (audit pages 500 at a time).</summary>
public static class TrailReader
{
    /// <summary>A trail longer than this many pages is shown in part.</summary>
    const int MaxPages = 10;

    public static async Task<(List<TrailEntry> Entries, bool Truncated)> ReadAsync(AuditService.AuditServiceClient audit, string childId, CancellationToken cancel)
    {
        var entries = new List<TrailEntry>();
        var token = "";
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await audit.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = childId, PageSize = 500, PageToken = token }, cancellationToken: cancel);
            entries.AddRange(response.Entries);
            token = response.NextPageToken;
            if (token.Length == 0) break;
        }
        return (entries, token.Length > 0);
    }
}
