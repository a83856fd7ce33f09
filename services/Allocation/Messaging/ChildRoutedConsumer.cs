using Mash.Allocation.Allocating;
using Mash.Allocation.Data;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Allocation.Messaging;

/// <summary>
/// A MASH decision took effect. Child in Need and Child Protection open a case and place it on a
/// worker of the child's locality (or queue it); a corrected decision about a contact's child whose
/// case is open changes that case (another pathway, or closed when now early help or NFA).
/// Placements take their authority's lock in turn, so routings are handled in groups (<see cref="PlacementGroups"/>).
/// </summary>
public sealed class ChildRoutedConsumer(AllocationDbContext db, CaseAllocator allocator, PlacementGroups groups)
    : InboxConsumerBase<ChildRouted, AllocationDbContext>(db)
{
    protected override ValueTask<bool> ActsOnAsync(ChildRouted message, CancellationToken cancellationToken) =>
        allocator.ActsOnAsync(message, cancellationToken);

    protected override Task ApplyOnceAsync(ChildRouted message, Guid eventId, CancellationToken cancellationToken) =>
        groups.ApplyOnceAsync(message, eventId, cancellationToken);
}

/// <summary>
/// Routings waiting to be placed, placed together: one transaction, one lock per authority, one
/// read of its caseloads and one commit for all of them (<see cref="InboxGroups{TEvent, TDbContext}"/>).
/// The inbox name is the consumer's, as when each routing had a transaction of its own.
/// </summary>
public sealed class PlacementGroups(IServiceScopeFactory scopes, ILogger<PlacementGroups> logger)
    : InboxGroups<ChildRouted, AllocationDbContext>(scopes, logger, nameof(ChildRoutedConsumer), MaxGroup)
{
    /// <summary>The most routings one transaction places: a few seconds' worth of a busy hub's.</summary>
    public const int MaxGroup = 64;

    protected override Task HandleAsync(IServiceProvider services, IReadOnlyList<ChildRouted> events, CancellationToken cancellationToken) =>
        services.GetRequiredService<CaseAllocator>().RoutedAsync(events, cancellationToken);
}

/// <summary>
/// Allocation is sent routings to social care and corrections (which may change or close a case a
/// first routing opened); a first routing to early help or NFA never reaches it. A routing without
/// a correction is always the child's first on its contact: thresholds refuses a second decision
/// that does not name the one it corrects.
/// </summary>
public sealed class ChildRoutedConsumerDefinition() : KeyedConsumerDefinition<ChildRoutedConsumer, ChildRouted>(
    EventRoutes.Routed.To(Pathway.ChildInNeed), EventRoutes.Routed.To(Pathway.ChildProtection), EventRoutes.Routed.Corrections);
