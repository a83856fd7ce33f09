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
/// </summary>
public sealed class ChildRoutedConsumer(AllocationDbContext db, CaseAllocator allocator) : InboxConsumer<ChildRouted, AllocationDbContext>(db)
{
    protected override ValueTask<bool> ActsOnAsync(ChildRouted message, CancellationToken cancellationToken) =>
        allocator.ActsOnAsync(message, cancellationToken);

    protected override Task Handle(ChildRouted message, CancellationToken cancellationToken) => allocator.RoutedAsync(message, cancellationToken);
}

/// <summary>
/// Allocation is sent routings to social care and corrections (which may change or close a case a
/// first routing opened); a first routing to early help or NFA never reaches it. A routing without
/// a correction is always the child's first on its contact: thresholds refuses a second decision
/// that does not name the one it corrects.
/// </summary>
public sealed class ChildRoutedConsumerDefinition() : KeyedConsumerDefinition<ChildRoutedConsumer, ChildRouted>(
    EventRoutes.Routed.To(Pathway.ChildInNeed), EventRoutes.Routed.To(Pathway.ChildProtection), EventRoutes.Routed.Corrections);
