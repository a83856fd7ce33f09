using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// What intake knew about a child before this contact: the basis of the repeat and open flags.
/// <paramref name="EarlierContactsAt"/> are the earlier contacts not withdrawn (the hub has seen
/// the child before); <see cref="DecidedContactsAt"/> those a screener decided as more than
/// information only, which is what the count of contacts in the last 12 months is made of.
/// </summary>
public sealed record ChildHistory(Guid ChildId, IReadOnlyList<DateTimeOffset> EarlierContactsAt, Pathway OpenPathway)
{
    /// <summary>Contacts within this long of one another are one incident reported more than once (police and school the same night).</summary>
    public static readonly TimeSpan SameIncident = TimeSpan.FromHours(24);

    public static ChildHistory New(Guid childId) => new(childId, [], Pathway.Unspecified);

    /// <summary>Earlier contacts decided as more than information only (routed or closed, not withdrawn).</summary>
    public IReadOnlyList<DateTimeOffset> DecidedContactsAt { get; init; } = [];

    /// <summary>Every pathway the child is open to now.</summary>
    public IReadOnlyList<Pathway> OpenPathways { get; init; } = OpenPathway == Pathway.Unspecified ? [] : [OpenPathway];

    /// <summary>An initial conference made a child protection plan that is still open.</summary>
    public bool OnChildProtectionPlan { get; init; }

    /// <summary>
    /// Distinct incidents among the decided contacts within 12 months: contacts within
    /// <see cref="SameIncident"/> of the previous one counted count once.
    /// </summary>
    public int ContactsInLast12Months(DateTimeOffset receivedAt)
    {
        var incidents = 0;
        DateTimeOffset? last = null;
        foreach (var at in DecidedContactsAt.Where(at => at > receivedAt.AddMonths(-12) && at <= receivedAt).Order())
        {
            if (last is null || at - last.Value >= SameIncident) incidents++;
            last = at;
        }
        return incidents;
    }

    /// <summary>An earlier contact about the child (not withdrawn) within 12 months of this one.</summary>
    public bool IsRepeatContact(DateTimeOffset receivedAt) =>
        EarlierContactsAt.Any(at => at > receivedAt.AddMonths(-12) && at <= receivedAt);

    public bool AlreadyOpen => OpenPathway != Pathway.Unspecified;
}
