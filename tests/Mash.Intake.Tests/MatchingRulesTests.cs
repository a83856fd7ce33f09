using Mash.Contracts.Common.V1;
using Mash.Intake.Domain;
using Xunit;

namespace Mash.Intake.Tests;

public sealed class MatchingRulesTests
{
    static readonly DateOnly Born = new(2019, 3, 14);

    [Theory]
    [InlineData("O'Brien-Smith", "OBRIENSMITH")]
    [InlineData("o’brien smith", "OBRIENSMITH")]
    [InlineData("Zoë", "ZOE")]
    [InlineData("  Example ", "EXAMPLE")]
    public void Family_names_compare_without_case_accents_spaces_or_punctuation(string name, string key)
    {
        Assert.Equal(key, ChildIdentity.KeyOf(name));
    }

    [Fact]
    public void The_same_NHS_number_is_the_same_child_whatever_else_differs()
    {
        var earlier = ChildIdentity.Of("9434765919", "Lorem", "Example", Born, "WS1 1TP");
        Assert.True(ChildIdentity.Of("9434765919", "Ipsum", "Renamed", null, "WV1 1RL").Matches(earlier));
    }

    [Fact]
    public void Two_different_NHS_numbers_are_two_children_even_with_the_same_name_birth_and_postcode()
    {
        var earlier = ChildIdentity.Of("9434765919", "Lorem", "Example", Born, "WS1 1TP");
        Assert.False(ChildIdentity.Of("9990000050", "Lorem", "Example", Born, "WS1 1TP").Matches(earlier));
    }

    [Theory]
    [InlineData("", "EXAMPLE", "WS1 1TP", true)]      // no NHS number on one side: demographics decide
    [InlineData("", "Example", "WS1 1TP", true)]
    [InlineData("", "Sample", "WS1 1TP", false)]      // another family name
    [InlineData("", "Example", "WS2 8QT", false)]     // another postcode
    public void Without_an_NHS_number_names_birth_date_and_postcode_must_all_agree(string nhs, string family, string postcode, bool same)
    {
        var earlier = ChildIdentity.Of("9434765919", "Lorem", "Example", Born, "WS1 1TP");
        Assert.Equal(same, ChildIdentity.Of(nhs, "Lorem", family, Born, postcode).Matches(earlier));
    }

    [Fact]
    public void A_child_without_an_NHS_number_or_a_date_of_birth_is_not_matched()
    {
        var unborn = ChildIdentity.Of("", "", "Example", null, "WS1 1TP");
        Assert.False(unborn.Matches(ChildIdentity.Of("", "", "Example", null, "WS1 1TP")));
    }

    [Theory]
    [InlineData("Lorem", "Ipsum", false)]      // twins: same family, birthday and home, other given names
    [InlineData("Lorem Ann", "lorem-ann", true)] // given names compare as loosely as family names
    [InlineData("", "", false)]                // nobody's given names known: not enough to say they are one child
    public void Without_an_NHS_number_given_names_must_agree_too(string earlierGiven, string laterGiven, bool same)
    {
        var earlier = ChildIdentity.Of("", earlierGiven, "Example", Born, "WS1 1TP");
        Assert.Equal(same, ChildIdentity.Of("", laterGiven, "Example", Born, "WS1 1TP").Matches(earlier));
    }

    [Fact]
    public void A_child_is_locked_under_every_key_it_could_match_by()
    {
        Assert.Equal(["nhs:9434765919", "person:LOREM|EXAMPLE|2019-03-14|WS1 1TP"], ChildIdentity.Of("9434765919", "Lorem", "Example", Born, "WS1 1TP").MatchKeys());
        Assert.Equal(["person:LOREM|EXAMPLE|2019-03-14|WS1 1TP"], ChildIdentity.Of("", "lorem", "EXAMPLE", Born, "WS1 1TP").MatchKeys());
        Assert.Empty(ChildIdentity.Of("", "", "Example", null, "WS1 1TP").MatchKeys());
    }

    [Fact]
    public void Only_contacts_within_twelve_months_make_a_repeat()
    {
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var old = new ChildHistory(Guid.NewGuid(), [now.AddMonths(-12).AddMinutes(-1)], Pathway.Unspecified);
        var recent = new ChildHistory(Guid.NewGuid(), [now.AddMonths(-12).AddMinutes(1)], Pathway.Unspecified);

        Assert.False(old.IsRepeatContact(now));
        Assert.True(recent.IsRepeatContact(now));
    }

    [Theory]
    [InlineData(ChildStatus.Received, ChildStatus.Triaged, ChildStatus.Triaged)]
    [InlineData(ChildStatus.Triaged, ChildStatus.AwaitingChecks, ChildStatus.AwaitingChecks)]
    [InlineData(ChildStatus.Routed, ChildStatus.Triaged, ChildStatus.Routed)]          // a late re-evaluation
    [InlineData(ChildStatus.Closed, ChildStatus.Routed, ChildStatus.Closed)]
    [InlineData(ChildStatus.AwaitingDecision, ChildStatus.AwaitingChecks, ChildStatus.AwaitingDecision)]
    public void A_status_only_moves_forward(ChildStatus current, ChildStatus proposed, ChildStatus result)
    {
        Assert.Equal(result, ChildStatusRules.Advance(current, proposed));
    }
}
