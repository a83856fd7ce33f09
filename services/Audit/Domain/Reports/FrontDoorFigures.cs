using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Reports;

/// <summary>
/// A group of children of the same front-door outcome: what a report query counts, one row per
/// distinct combination (the query does the counting; this file does the arithmetic).
/// </summary>
/// <param name="Pathway">Unspecified while the child waits for the MASH decision.</param>
/// <param name="AlreadyOpen">Routed to CIN/CP while a case was open: no new census referral.</param>
/// <param name="Withdrawn">The referrer withdrew the contact.</param>
/// <param name="EarlierContact">An earlier contact about the child in the 12 months before this one.</param>
public sealed record ChildTally(Pathway Pathway, NfaReason NfaReason, bool AlreadyOpen, bool Withdrawn, bool EarlierContact, long Children);

public sealed record PathwayFigure(Pathway Pathway, long Count, double Share);

public sealed record NfaReasonFigure(NfaReason Reason, long Count, double Share);

/// <summary>
/// The front door's figures for a set of contacts (an authority's period, or one referrer agency's
/// contacts). Definitions (audit.proto):
/// <list type="bullet">
/// <item>children: every child of every contact (a decision is per child), decided or not;</item>
/// <item>decided: children routed to a pathway; a withdrawn child that was never routed is not decided;</item>
/// <item>referrals: children routed to CIN or CP, except those already open to social care (the census
/// records no referral for a child whose case is open);</item>
/// <item>conversion rate = referrals / children; NFA rate = NFA / decided;
/// re-contact rate = children with an earlier contact in the 12 months before / children;</item>
/// <item>outcomes: every pathway, in the enum's order, with its share of the decided children;
/// NFA reasons: most common first, with their share of the NFA children;</item>
/// <item>pending: neither decided nor withdrawn; withdrawn: withdrawn before a decision.</item>
/// </list>
/// A rate over nothing is 0, not NaN, so an empty period reads as zeros.
/// </summary>
public sealed record FrontDoorFigures(
    long Contacts,
    long Children,
    long Decided,
    long Referrals,
    double ConversionRate,
    double NfaRate,
    double RecontactRate,
    IReadOnlyList<PathwayFigure> Outcomes,
    IReadOnlyList<NfaReasonFigure> NfaReasons,
    long Pending,
    long Withdrawn)
{
    static readonly Pathway[] Pathways = [Pathway.NoFurtherAction, Pathway.EarlyHelp, Pathway.ChildInNeed, Pathway.ChildProtection];

    public static FrontDoorFigures Compute(long contacts, IEnumerable<ChildTally> tallies)
    {
        var groups = tallies.ToList();
        var children = groups.Sum(t => t.Children);
        var decided = groups.Where(t => t.Pathway != Pathway.Unspecified).Sum(t => t.Children);
        var referrals = groups.Where(t => t.Pathway is Pathway.ChildInNeed or Pathway.ChildProtection && !t.AlreadyOpen).Sum(t => t.Children);
        var recontacts = groups.Where(t => t.EarlierContact).Sum(t => t.Children);
        var withdrawn = groups.Where(t => t.Pathway == Pathway.Unspecified && t.Withdrawn).Sum(t => t.Children);
        var pending = children - decided - withdrawn;

        var outcomes = Pathways
            .Select(p => groups.Where(t => t.Pathway == p).Sum(t => t.Children))
            .Select((count, i) => new PathwayFigure(Pathways[i], count, Ratio(count, decided)))
            .ToList();
        var nfa = outcomes[0].Count;
        var reasons = groups.Where(t => t.Pathway == Pathway.NoFurtherAction)
            .GroupBy(t => t.NfaReason)
            .Select(g => (Reason: g.Key, Count: g.Sum(t => t.Children)))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Reason)
            .Select(r => new NfaReasonFigure(r.Reason, r.Count, Ratio(r.Count, nfa)))
            .ToList();

        return new FrontDoorFigures(contacts, children, decided, referrals,
            Ratio(referrals, children), Ratio(nfa, decided), Ratio(recontacts, children),
            outcomes, reasons, pending, withdrawn);
    }

    static double Ratio(long part, long whole) => whole == 0 ? 0 : (double)part / whole;
}
