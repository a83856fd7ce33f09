namespace Mash.EarlyHelp.Domain;

/// <summary>
/// Where a page of ListEpisodes ended: the sort key of its last row (lead professional deadline,
/// then episode id). Keyset paging: rows neither repeat nor vanish when episodes open between pages.
/// </summary>
public sealed record EpisodeCursor(DateTimeOffset DueAt, Guid EpisodeId)
{
    public string Encode() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DueAt.UtcTicks}.{EpisodeId:N}"));

    public static bool TryDecode(string token, out EpisodeCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('.');
            if (parts.Length != 2 || !long.TryParse(parts[0], out var due) || !Guid.TryParse(parts[1], out var id)
                || due < DateTimeOffset.MinValue.UtcTicks || due > DateTimeOffset.MaxValue.UtcTicks)
                return false;
            cursor = new EpisodeCursor(new DateTimeOffset(due, TimeSpan.Zero), id);
            return true;
        }
        catch (FormatException) { return false; }
    }
}
