using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>What an event from early help or allocation does to the pathways a child is open to.</summary>
public sealed record OpeningChange(IReadOnlyList<Pathway> Close, Pathway Open = Pathway.Unspecified, bool Plan = false)
{
    public static readonly OpeningChange None = new([]);
}

/// <summary>
/// Every open referral of a child, per pathway, learnt from events (not only the last routing): a
/// later routing to early help does not hide an open child protection case, and an early help
/// episode that ends does not close social care.
/// </summary>
public static class OpenReferrals
{
    static readonly Pathway[] SocialCare = [Pathway.ChildInNeed, Pathway.ChildProtection];

    /// <summary>The most acute of the open pathways (CP, then CIN, then early help); unspecified when none.</summary>
    public static Pathway MostAcute(IEnumerable<Pathway> open) =>
        open.Where(p => p != Pathway.Unspecified).DefaultIfEmpty(Pathway.Unspecified).Max();

    public static OpeningChange After(StrategyOutcome outcome) => outcome switch
    {
        StrategyOutcome.NoFurtherAction => new([Pathway.ChildProtection]),
        // Not s47: the case goes on as a child in need.
        StrategyOutcome.ChildInNeed => new([Pathway.ChildProtection], Pathway.ChildInNeed),
        _ => OpeningChange.None,
    };

    public static OpeningChange After(ConferenceOutcome outcome) => outcome switch
    {
        ConferenceOutcome.ChildProtectionPlan => new([], Pathway.ChildProtection, Plan: true),
        ConferenceOutcome.ChildInNeedPlan => new([Pathway.ChildProtection], Pathway.ChildInNeed),
        ConferenceOutcome.NoFurtherAction => new([Pathway.ChildProtection]),
        _ => OpeningChange.None,
    };

    public static OpeningChange After(AssessmentOutcome outcome) =>
        ChildStatusRules.Closes(outcome) ? new(SocialCare) : OpeningChange.None;

    /// <summary>A step-down ends social care; early help opens when its episode does.</summary>
    public static OpeningChange StepDown => new(SocialCare);

    public static OpeningChange EpisodeClosed => new([Pathway.EarlyHelp]);

    /// <summary>An early help episode opened (after a routing or a step-down).</summary>
    public static OpeningChange EpisodeOpened => new([], Pathway.EarlyHelp);
}
