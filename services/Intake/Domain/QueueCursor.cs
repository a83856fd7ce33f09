namespace Mash.Intake.Domain;

/// <summary>
/// Where a page of the screener queue ended: the sort key of its last row. The queue is ordered by
/// decision deadline, then receipt, then row id; a child not yet triaged has no deadline and sorts by
/// its receipt time, so it comes before older triaged work (nobody has looked at it yet). Keyset
/// paging: rows neither repeat nor vanish when others are added between pages.
/// </summary>
public sealed record QueueCursor(DateTimeOffset DueAt, DateTimeOffset ReceivedAt, Guid RowId)
{
    public string Encode() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{DueAt.UtcTicks}.{ReceivedAt.UtcTicks}.{RowId:N}"));

    public static bool TryDecode(string token, out QueueCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('.');
            if (parts.Length != 3 || !long.TryParse(parts[0], out var due) || !long.TryParse(parts[1], out var received) || !Guid.TryParse(parts[2], out var row))
                return false;
            cursor = new QueueCursor(new DateTimeOffset(due, TimeSpan.Zero), new DateTimeOffset(received, TimeSpan.Zero), row);
            return true;
        }
        catch (FormatException) { return false; }
    }
}
