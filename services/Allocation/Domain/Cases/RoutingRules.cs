using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Cases;

/// <summary>What a routing does to allocation: a new case for CIN and CP, and a corrected decision's effect on an open one.</summary>
public static class RoutingRules
{
    /// <summary>The pathways social care allocates; early help and NFA are not allocation's.</summary>
    public static bool Allocates(Pathway pathway) => pathway is Pathway.ChildInNeed or Pathway.ChildProtection;

    /// <summary>
    /// A MASH decision corrected after the child's case was opened (the same contact and child, a
    /// later routing): to early help or NFA the case closes and its clocks no longer apply; from
    /// CIN to CP the strategy discussion clock starts at the corrected routing; from CP to CIN the
    /// strategy discussion and conference clocks no longer apply. Child seen and assessment keep
    /// running from the point of referral: the referral is the same.
    /// </summary>
    public static CaseChange Correct(CaseState state, Pathway pathway, DateTimeOffset routedAt, DateTimeOffset now, WorkingCalendar calendar)
    {
        var change = state.Unchanged();
        if (!Allocates(pathway)) return change.End(AllocationStatus.Closed, now);
        if (pathway == state.Pathway) return change;
        return pathway == Pathway.ChildProtection
            ? change.Add(StatutoryClocks.Start(calendar, ClockKind.StrategyDiscussion, routedAt, state.Allowances)) with { Pathway = pathway }
            : change.Cancel(ClockKind.StrategyDiscussion, now).Cancel(ClockKind.InitialChildProtectionConference, now) with { Pathway = pathway };
    }
}
