using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Microsoft.EntityFrameworkCore;

namespace Mash.BuildingBlocks.Messaging;

/// <summary>
/// Every read of a child's record by a person lands in the trail (RecordViewed). The event goes
/// through the reading service's outbox, so a read that was served is never missing from audit.
/// </summary>
public static class ViewRecording
{
    /// <summary>
    /// Records that the caller was shown these children's records, and saves it. Call it once the
    /// response is built and before it is returned: a read whose record cannot be stored fails.
    /// Only a person's read is recorded (Mash's own calls, ROLE_SYSTEM, are not reads by anyone).
    /// </summary>
    public static async Task RecordViewedAsync(this DbContext db, ServerCallContext context, string service,
        IReadOnlyCollection<string> childIds, string contactId, string localAuthority, string resourceId = "", TimeProvider? clock = null)
    {
        if (db.AddViewed(context, service, childIds, contactId, localAuthority, resourceId, clock))
            await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// Adds a RecordViewed to the outbox without saving, for a response that shows records of several
    /// contacts or authorities (one event each, saved together by the caller). False when there is
    /// nothing to record.
    /// </summary>
    public static bool AddViewed(this DbContext db, ServerCallContext context, string service,
        IReadOnlyCollection<string> childIds, string contactId, string localAuthority, string resourceId = "", TimeProvider? clock = null)
    {
        if (childIds.Count == 0 && resourceId.Length == 0) return false;
        var actor = context.Actor();
        if (actor.Role is not (Role.Partner or Role.Screener or Role.Manager or Role.Auditor)) return false;
        var at = (clock ?? TimeProvider.System).GetUtcNow();
        db.AddEvent(new RecordViewed
        {
            Header = new EventHeader
            {
                EventId = Guid.CreateVersion7(at).ToString(),
                OccurredAt = Timestamp.FromDateTimeOffset(at),
                ContactId = contactId,
                ChildId = childIds.Count == 1 ? childIds.First() : "",
                LocalAuthority = localAuthority,
                Actor = actor,
                CorrelationId = contactId,
            },
            Service = service,
            Method = context.MethodName(),
            ChildIds = { childIds },
            ResourceId = resourceId,
        }, clock);
        return true;
    }
}
