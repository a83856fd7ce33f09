using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// A child's status only moves forward: events can arrive out of order (a re-evaluation after the
/// routing), and a late one must not make a routed child look undecided to the referrer.
/// </summary>
public static class ChildStatusRules
{
    static int Rank(ChildStatus status) => status switch
    {
        ChildStatus.Received => 1,
        ChildStatus.Triaged => 2,
        ChildStatus.AwaitingChecks => 3,
        ChildStatus.AwaitingDecision => 4,
        ChildStatus.Routed => 5,
        ChildStatus.Closed or ChildStatus.Withdrawn => 6,
        _ => 0,
    };

    public static ChildStatus Advance(ChildStatus current, ChildStatus proposed) =>
        Rank(proposed) > Rank(current) ? proposed : current;

    /// <summary>The statuses <paramref name="proposed"/> replaces (for SQL that advances a status in place).</summary>
    public static int[] Replaces(ChildStatus proposed) =>
        [.. Enum.GetValues<ChildStatus>().Where(s => s != proposed && Advance(s, proposed) == proposed).Select(s => (int)s)];

    /// <summary>A pathway that leaves the child open to a service (early help or social care).</summary>
    public static bool Opens(Pathway pathway) =>
        pathway is Pathway.EarlyHelp or Pathway.ChildInNeed or Pathway.ChildProtection;

    /// <summary>A completed social work assessment that ends social care's involvement.</summary>
    public static bool Closes(AssessmentOutcome outcome) =>
        outcome is AssessmentOutcome.Close or AssessmentOutcome.StepDownToEarlyHelp;

    /// <summary>A strategy discussion that ends the child protection case there and then.</summary>
    public static bool Closes(StrategyOutcome outcome) => outcome is StrategyOutcome.NoFurtherAction;

    /// <summary>
    /// An earlier contact that counts in the child's history: decided (routed or closed) and not
    /// closed as information only. Withdrawn and undecided contacts do not count.
    /// </summary>
    public static bool CountsInHistory(ChildStatus status, NfaReason nfaReason) =>
        status is ChildStatus.Routed or ChildStatus.Closed && nfaReason != NfaReason.InformationOnly;
}
