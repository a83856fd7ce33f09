using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>What intake knew about a child before this contact: the basis of the repeat and open flags.</summary>
public sealed record ChildHistory(Guid ChildId, IReadOnlyList<DateTimeOffset> EarlierContactsAt, Pathway OpenPathway)
{
    public static ChildHistory New(Guid childId) => new(childId, [], Pathway.Unspecified);

    public int ContactsInLast12Months(DateTimeOffset receivedAt) =>
        EarlierContactsAt.Count(at => at > receivedAt.AddMonths(-12) && at <= receivedAt);

    /// <summary>An earlier contact about the child within 12 months of this one.</summary>
    public bool IsRepeatContact(DateTimeOffset receivedAt) => ContactsInLast12Months(receivedAt) > 0;

    public bool AlreadyOpen => OpenPathway != Pathway.Unspecified;
}
