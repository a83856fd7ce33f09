using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mash.BuildingBlocks.Data;

/// <summary>
/// Group commit: callers hand over an item and wait; one writer takes every item waiting (up to
/// <paramref name="maxGroup"/>), writes them in one transaction, and only then lets the callers go
/// on (a consumer acknowledges its message). Nothing waits for a group to fill: at low load a group
/// is one item. When a group fails, nothing of it committed, and each item is written again alone,
/// so one bad item fails only its own caller. At shutdown, what was not written is cancelled: its
/// message is not acknowledged and comes back.
/// </summary>
public abstract class GroupCommit<TItem>(ILogger logger, int maxGroup) : BackgroundService
{
    sealed record Pending(TItem Item, TaskCompletionSource Done);

    protected ILogger Logger { get; } = logger;

    readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>What a group holds, for the log line of a group that failed ("events", "statements").</summary>
    protected abstract string ItemsName { get; }

    /// <summary>Writes the items in one transaction, in the order given.</summary>
    protected abstract Task WriteGroupAsync(IReadOnlyList<TItem> items, CancellationToken cancellationToken);

    /// <summary>Writes one item of a group that failed, on its own.</summary>
    protected abstract Task WriteAloneAsync(TItem item, CancellationToken cancellationToken);

    /// <summary>Hands the item to the next group; returns when that group committed, or throws what failed the item.</summary>
    protected async Task CommitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>(maxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                group.Clear();
                while (group.Count < maxGroup && _queue.Reader.TryRead(out var pending)) group.Add(pending);
                try
                {
                    await WriteGroupAsync([.. group.Select(p => p.Item)], stoppingToken);
                    foreach (var p in group) p.Done.TrySetResult();
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (group.Count == 1) { group[0].Done.TrySetException(ex); continue; }
                    Logger.LogWarning(ex, "A group of {Count} {Items} failed; writing each alone", group.Count, ItemsName);
                    foreach (var p in group)
                    {
                        try { await WriteAloneAsync(p.Item, stoppingToken); p.Done.TrySetResult(); }
                        catch (Exception single) { p.Done.TrySetException(single); }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            // Not committed: the callers fail, their messages stay unacknowledged and come back.
            _queue.Writer.TryComplete();
            foreach (var p in group) p.Done.TrySetCanceled(stoppingToken);
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetCanceled(stoppingToken);
        }
    }
}

public static class GroupCommitExtensions
{
    /// <summary>
    /// One writer that callers hand items to and the host runs. Register it before the bus whose
    /// consumers call it: hosted services stop in reverse order, so the writer outlives them.
    /// </summary>
    public static IServiceCollection AddGroupCommit<TWriter>(this IServiceCollection services) where TWriter : class, IHostedService
    {
        services.AddSingleton<TWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<TWriter>());
        return services;
    }
}
