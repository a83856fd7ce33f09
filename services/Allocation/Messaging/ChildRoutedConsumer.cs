using Mash.Allocation.Allocating;
using Mash.Allocation.Data;
using Mash.BuildingBlocks.Messaging.Inbox;
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
