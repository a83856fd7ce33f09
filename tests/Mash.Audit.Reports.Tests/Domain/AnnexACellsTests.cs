using Mash.Audit.Domain.Reports.AnnexA;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using NodaTime;
using Xunit;

namespace Mash.Audit.Reports.Tests.Domain;

public sealed class AnnexACellsTests
{
    static readonly AnnexASpec Spec = AnnexASpecTests.Shipped();
    static readonly LocalDate AsOf = new(2026, 3, 31);

    [Fact]
    public void A_contact_row_prints_census_values_and_dd_MM_yyyy_dates()
    {
        var child = new AnnexAChild("c-1", Gender.Female, "MWBA", new LocalDate(2019, 3, 14), Disability.No);
        var record = new AnnexARecord(child) { ContactDate = new LocalDate(2026, 3, 2), Source = ReferralSource.Schools };

        Assert.Equal(["c-1", "b) Female", "g) MWBA", "14/03/2019", "7", "02/03/2026", "e) 2A: Schools"],
            AnnexACells.Row(Spec, AnnexAList.Contacts, record, AsOf));
    }

    [Fact]
    public void An_unborn_child_of_unknown_ethnicity_and_gender_has_no_age_yet()
    {
        var child = new AnnexAChild("c-2", Gender.Unspecified, "", new LocalDate(2026, 5, 1), Disability.Unspecified);
        var record = new AnnexARecord(child) { ContactDate = new LocalDate(2026, 3, 13), Source = ReferralSource.HealthVisitor };

        Assert.Equal(["c-2", "c) Not stated/recorded", "u) UNKNOWN", "01/05/2026", "", "13/03/2026", "h) 3B: Health services"],
            AnnexACells.Row(Spec, AnnexAList.Contacts, record, AsOf));
    }

    [Fact]
    public void A_referral_row_prints_nfa_the_earlier_referrals_team_and_worker()
    {
        var child = new AnnexAChild("c-3", Gender.Male, "WBRI", new LocalDate(2010, 4, 1), Disability.Yes);
        var record = new AnnexARecord(child)
        {
            ReferralDate = new LocalDate(2026, 3, 2), Source = ReferralSource.Police, ReferralNfa = true,
            ReferralsLast12Months = 2, AllocatedTeam = "walsall-south-1", AllocatedWorker = "w-2",
        };

        // Age on 31 March 2026 of a child born 1 April 2010: 15, a day short of 16.
        Assert.Equal(["c-3", "a) Male", "a) WBRI", "01/04/2010", "15", "02/03/2026", "q) 6: Police", "a) Yes", "2", "walsall-south-1", "w-2"],
            AnnexACells.Row(Spec, AnnexAList.Referrals, record, AsOf));
    }

    [Fact]
    public void Csv_lines_quote_only_what_RFC_4180_requires()
    {
        Assert.Equal("c-1,q) 6: Police,02/03/2026,", CsvLine.Of(["c-1", "q) 6: Police", "02/03/2026", ""]));
        Assert.Equal("\"St Mary's, Walsall\",\"say \"\"no\"\"\",\"two\r\nlines\"", CsvLine.Of(["St Mary's, Walsall", "say \"no\"", "two\r\nlines"]));
    }

    [Theory]
    [InlineData("=1+1", "\"'=1+1\"")]
    [InlineData("+44 121 496 0000", "\"'+44 121 496 0000\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("\tcmd", "\"'\tcmd\"")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("a=1", "a=1")]
    [InlineData("St Mary's", "St Mary's")]
    public void A_field_a_spreadsheet_would_run_as_a_formula_gets_a_quote_in_front(string cell, string written)
    {
        Assert.Equal($"x,{written}", CsvLine.Of(["x", cell]));
    }

    [Fact]
    public void The_window_is_six_months_back_to_the_inspection_date_unless_a_start_is_given()
    {
        Assert.Equal((new LocalDate(2025, 9, 30), AsOf), (AnnexAWindow.For(AsOf, null, 6).From, AnnexAWindow.For(AsOf, null, 6).To));
        // The end of a longer month clamps: six months before 31 August is 28 February.
        Assert.Equal(new LocalDate(2026, 2, 28), AnnexAWindow.For(new LocalDate(2026, 8, 31), null, 6).From);
        Assert.Equal(new LocalDate(2026, 1, 1), AnnexAWindow.For(AsOf, new LocalDate(2026, 1, 1), 6).From);
    }

    [Fact]
    public void Earlier_referrals_count_the_child_s_others_of_the_twelve_months_before()
    {
        static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 10, 0, 0, TimeSpan.Zero);
        ChildEvent[] referrals =
        [
            new("k1", "a", At(2024, 11, 1)),   // more than 12 months before k2
            new("k2", "a", At(2025, 11, 20)),
            new("k3", "a", At(2026, 3, 2)),
            new("k4", "a", At(2026, 3, 2)),   // same instant: the contact id orders them
            new("k5", "b", At(2026, 3, 2)),   // another child
        ];

        var earlier = ChildHistory.EarlierWithin12Months(referrals);

        Assert.Equal([0, 0, 1, 2, 0], referrals.Select(r => earlier[r]));
    }

    [Fact]
    public void A_referral_is_NFA_only_when_closed_at_the_strategy_discussion_before_any_assessment()
    {
        Assert.True(CensusReferral.IsNfa(StrategyOutcome.NoFurtherAction, assessmentCompleted: false));
        Assert.False(CensusReferral.IsNfa(StrategyOutcome.NoFurtherAction, assessmentCompleted: true));
        Assert.False(CensusReferral.IsNfa(StrategyOutcome.Section47Enquiry, assessmentCompleted: false));
        Assert.False(CensusReferral.IsNfa(StrategyOutcome.Unspecified, assessmentCompleted: false));
        Assert.Equal(ReferralSource.Police, CensusReferral.Source(ReferralSource.Unspecified, ReferralSource.Police));
        Assert.Equal(ReferralSource.Schools, CensusReferral.Source(ReferralSource.Schools, ReferralSource.Police));
    }
    [Fact]
    public void A_section_47_row_prints_its_questions_as_lettered_answers_and_leaves_the_unanswered_empty()
    {
        var child = new AnnexAChild("c-5", Gender.Male, "WBRI", new LocalDate(2017, 9, 1), Disability.Yes);
        var open = new AnnexARecord(child) { StrategyDiscussionDate = new LocalDate(2026, 3, 3), Section47sLast12Months = 2, AllocatedTeam = "t", AllocatedWorker = "w" };
        var held = open with { ConferenceUnnecessary = false, ConferenceDate = new LocalDate(2026, 3, 20), ConferencePlan = false, ConferencesLast12Months = 1 };

        Assert.Equal(["c-5", "a) Male", "a) WBRI", "01/09/2017", "8", "a) Yes", "03/03/2026", "", "", "", "2", "0", "t", "w"],
            AnnexACells.Row(Spec, AnnexAList.Section47, open, AsOf));
        Assert.Equal(["b) No", "20/03/2026", "b) No", "2", "1"], AnnexACells.Row(Spec, AnnexAList.Section47, held, AsOf).Skip(7).Take(5));
    }

    [Fact]
    public void A_conference_is_unnecessary_only_when_the_assessment_decided_something_else()
    {
        Assert.Null(Section47Enquiry.ConferenceUnnecessary(conferenceHeld: false, AssessmentOutcome.Unspecified));
        Assert.False(Section47Enquiry.ConferenceUnnecessary(conferenceHeld: false, AssessmentOutcome.ChildProtectionConference));
        Assert.False(Section47Enquiry.ConferenceUnnecessary(conferenceHeld: true, AssessmentOutcome.Unspecified));
        Assert.True(Section47Enquiry.ConferenceUnnecessary(conferenceHeld: false, AssessmentOutcome.ChildInNeedPlan));
        Assert.True(Section47Enquiry.ConferenceUnnecessary(conferenceHeld: false, AssessmentOutcome.Close));
        Assert.Null(Section47Enquiry.ResultedInPlan(ConferenceOutcome.Unspecified));
        Assert.True(Section47Enquiry.ResultedInPlan(ConferenceOutcome.ChildProtectionPlan));
        Assert.False(Section47Enquiry.ResultedInPlan(ConferenceOutcome.NoFurtherAction));
    }

    [Fact]
    public void Conferences_of_the_twelve_months_before_an_enquiry_are_counted_not_those_at_or_after_it()
    {
        var start = new DateTimeOffset(2026, 3, 3, 10, 0, 0, TimeSpan.Zero);
        DateTimeOffset[] conferences = [start.AddMonths(-12).AddDays(-1), start.AddMonths(-12), start.AddDays(-1), start, start.AddDays(14)];

        Assert.Equal(2, ChildHistory.Within12MonthsBefore(start, conferences));
    }
}
