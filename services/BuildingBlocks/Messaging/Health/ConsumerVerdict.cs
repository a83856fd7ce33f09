namespace Mash.BuildingBlocks.Messaging.Health;

/// <summary>What the last look found: consuming or not, why not, and since when.</summary>
public sealed record ConsumerVerdict(bool Consuming, IReadOnlyList<string> Problems, DateTimeOffset? StalledSince)
{
    /// <summary>Before the first look: not ready, nothing known yet.</summary>
    public static ConsumerVerdict NotYetChecked { get; } = new(false, ["not checked yet"], null);

    /// <summary>
    /// The verdict after a look at <paramref name="now"/> that found <paramref name="problems"/>: a
    /// stall keeps the moment it began until a look finds nothing wrong.
    /// </summary>
    public ConsumerVerdict Next(IReadOnlyList<string> problems, DateTimeOffset now) =>
        problems.Count == 0 ? new(true, [], null) : new(false, problems, StalledSince ?? now);

    /// <summary>True once the stall has lasted <paramref name="exitAfter"/>: time to let the supervisor start the service afresh.</summary>
    public bool StalledFor(TimeSpan exitAfter, DateTimeOffset now) => StalledSince is { } since && now - since >= exitAfter;
}
