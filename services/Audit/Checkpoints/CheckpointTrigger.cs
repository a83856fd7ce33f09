using Microsoft.Extensions.Options;

namespace Mash.Audit.Checkpoints;

/// <summary>
/// Wakes the checkpoint writer early once <see cref="CheckpointOptions.AfterEntries"/> entries were
/// appended since its last round, so a busy hub's unanchored tail stays short as well as young.
/// </summary>
public sealed class CheckpointTrigger(IOptions<CheckpointOptions> options)
{
    readonly SemaphoreSlim _due = new(0, 1);
    long _appended;

    /// <summary>The trail writer committed <paramref name="count"/> entries.</summary>
    public void Appended(int count)
    {
        var threshold = options.Value.AfterEntries;
        if (!options.Value.Writes || threshold <= 0 || Interlocked.Add(ref _appended, count) < threshold) return;
        try { _due.Release(); }
        catch (SemaphoreFullException) { } // already due
    }

    /// <summary>Waits for the interval, or until enough entries were appended; then counts afresh.</summary>
    public async Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        await _due.WaitAsync(interval, cancellationToken);
        Interlocked.Exchange(ref _appended, 0);
    }
}
