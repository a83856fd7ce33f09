using Mash.Contracts.Common.V1;
using Mash.Intake.Domain;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Which pathways a child stays open to as early help and allocation report what happened.</summary>
public sealed class OpenReferralsTests
{
    [Fact]
    public void An_initial_conference_plan_keeps_child_protection_open_with_a_plan()
    {
        Assert.Equal((Pathway.ChildProtection, true), (OpenReferrals.After(ConferenceOutcome.ChildProtectionPlan).Open, OpenReferrals.After(ConferenceOutcome.ChildProtectionPlan).Plan));
        var cin = OpenReferrals.After(ConferenceOutcome.ChildInNeedPlan);
        Assert.Equal([Pathway.ChildProtection], cin.Close);
        Assert.Equal(Pathway.ChildInNeed, cin.Open);
        Assert.Equal([Pathway.ChildProtection], OpenReferrals.After(ConferenceOutcome.NoFurtherAction).Close);
    }

    [Fact]
    public void Each_service_closes_only_its_own_pathway()
    {
        Assert.Equal([Pathway.EarlyHelp], OpenReferrals.EpisodeClosed.Close);
        Assert.Equal([Pathway.ChildInNeed, Pathway.ChildProtection], OpenReferrals.StepDown.Close);
        Assert.Equal(Pathway.EarlyHelp, OpenReferrals.EpisodeOpened.Open);
        Assert.Empty(OpenReferrals.After(AssessmentOutcome.ChildInNeedPlan).Close);
        Assert.Equal([Pathway.ChildInNeed, Pathway.ChildProtection], OpenReferrals.After(AssessmentOutcome.Close).Close);
        Assert.Equal(Pathway.ChildInNeed, OpenReferrals.After(StrategyOutcome.ChildInNeed).Open);
    }

    [Fact]
    public void The_open_pathway_the_rules_see_is_the_most_acute()
    {
        Assert.Equal(Pathway.ChildProtection, OpenReferrals.MostAcute([Pathway.EarlyHelp, Pathway.ChildProtection, Pathway.ChildInNeed]));
        Assert.Equal(Pathway.Unspecified, OpenReferrals.MostAcute([]));
    }
}
