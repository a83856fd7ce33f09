using Mash.Audit.Domain.Reports;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Reports.Tests.Domain;

public sealed class FrontDoorFiguresTests
{
    [Fact]
    public void Rates_and_shares_follow_the_definitions()
    {
        // 4 contacts, 10 children: 3 NFA (2 information only, 1 advice), 2 early help, 2 CIN of
        // which 1 already open, 1 CP; 1 withdrawn, 1 pending. Re-contacts: the 2 information-only
        // NFAs and the 2 early help, 4.
        ChildTally[] tallies =
        [
            new(Pathway.NoFurtherAction, NfaReason.InformationOnly, false, false, true, 2),
            new(Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, false, false, false, 1),
            new(Pathway.EarlyHelp, NfaReason.Unspecified, false, false, true, 2),
            new(Pathway.ChildInNeed, NfaReason.Unspecified, false, false, false, 1),
            new(Pathway.ChildInNeed, NfaReason.Unspecified, true, false, false, 1),
            new(Pathway.ChildProtection, NfaReason.Unspecified, false, false, false, 1),
            new(Pathway.Unspecified, NfaReason.Unspecified, false, true, false, 1),
            new(Pathway.Unspecified, NfaReason.Unspecified, false, false, false, 1),
        ];

        var figures = FrontDoorFigures.Compute(4, tallies);

        // decided = 10 - withdrawn 1 - pending 1 = 8; referrals = CIN not open 1 + CP 1 = 2.
        Assert.Equal((4L, 10L, 8L, 2L, 1L, 1L), (figures.Contacts, figures.Children, figures.Decided, figures.Referrals, figures.Withdrawn, figures.Pending));
        Assert.Equal(2.0 / 10, figures.ConversionRate);
        Assert.Equal(3.0 / 8, figures.NfaRate);
        Assert.Equal(4.0 / 10, figures.RecontactRate);
        Assert.Equal(
            [new(Pathway.NoFurtherAction, 3, 3.0 / 8), new(Pathway.EarlyHelp, 2, 2.0 / 8), new(Pathway.ChildInNeed, 2, 2.0 / 8), new PathwayFigure(Pathway.ChildProtection, 1, 1.0 / 8)],
            figures.Outcomes);
        Assert.Equal([new(NfaReason.InformationOnly, 2, 2.0 / 3), new NfaReasonFigure(NfaReason.AdviceAndSignposting, 1, 1.0 / 3)], figures.NfaReasons);
    }

    [Fact]
    public void Nfa_reasons_of_equal_count_keep_the_enum_order()
    {
        var figures = FrontDoorFigures.Compute(2,
        [
            new(Pathway.NoFurtherAction, NfaReason.TransferToOtherLocalAuthority, false, false, false, 1),
            new(Pathway.NoFurtherAction, NfaReason.AdviceAndSignposting, false, false, false, 1),
        ]);

        Assert.Equal([NfaReason.AdviceAndSignposting, NfaReason.TransferToOtherLocalAuthority], figures.NfaReasons.Select(r => r.Reason));
    }

    [Fact]
    public void An_empty_period_reads_as_zeros_with_every_pathway()
    {
        var figures = FrontDoorFigures.Compute(0, []);

        Assert.Equal((0L, 0L, 0.0, 0.0, 0.0), (figures.Children, figures.Referrals, figures.ConversionRate, figures.NfaRate, figures.RecontactRate));
        Assert.Equal([Pathway.NoFurtherAction, Pathway.EarlyHelp, Pathway.ChildInNeed, Pathway.ChildProtection], figures.Outcomes.Select(o => o.Pathway));
        Assert.All(figures.Outcomes, o => Assert.Equal((0L, 0.0), (o.Count, o.Share)));
        Assert.Empty(figures.NfaReasons);
    }
}
