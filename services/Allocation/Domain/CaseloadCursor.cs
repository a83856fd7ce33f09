namespace Mash.Allocation.Domain;

/// <summary>
/// Where a page of a caseload ended: the sort key of its last row. The list is ordered queued cases
/// first, then by worker, then by routing (oldest first), then by id; keyset paging, so rows neither
/// repeat nor vanish when cases are added between pages.
/// </summary>
public sealed record CaseloadCursor(int Rank, string WorkerId, DateTimeOffset RoutedAt, Guid Id)
{
    public string Encode() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Rank}|{WorkerId}|{RoutedAt.UtcTicks}|{Id:N}"));

    public static bool TryDecode(string token, out CaseloadCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts.Length != 4 || !int.TryParse(parts[0], out var rank) || !long.TryParse(parts[2], out var ticks)
                || ticks < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks || !Guid.TryParse(parts[3], out var id))
                return false;
            cursor = new CaseloadCursor(rank, parts[1], new DateTimeOffset(ticks, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException) { return false; }
    }
}
