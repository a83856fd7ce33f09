namespace Mash.BuildingBlocks.Data;

/// <summary>Instants as PostgreSQL keeps them (timestamptz holds whole microseconds).</summary>
public static class StoredTime
{
    /// <summary>An instant as PostgreSQL keeps it: UTC, whole microseconds. Announced or hashed so, it reads the same when read back.</summary>
    public static DateTimeOffset Of(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMicrosecond, TimeSpan.Zero);
    }
}
