using Google.Protobuf;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Domain;
using Mash.Thresholds.Domain.Engine;
using Xunit;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>
/// The demo corpus (seeds/contacts/*.json) end to end through the shipped localities and rule sets:
/// each child lands in the authority its postcode names and gets a recommendation a screener would
/// find sensible. Facts are built as intake builds them for a first contact (no earlier history),
/// on the day the corpus is written for.
/// </summary>
public sealed class CorpusTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// File, the hub that receives it, and the expected outcome per child in order (pathway, or
    /// pathway/NFA reason). For a child outside both authorities the hub is the one the family is
    /// moving to. History is unknown to a first contact, so repeat incidents the narrative
    /// mentions (001, 005, 007) count as first ones: agency checks bring the history in later.
    /// </summary>
    private static readonly (string File, string Hub, string Expected)[] Table =
    [
        ("001-police-domestic-abuse-siblings", "walsall", "child_in_need, child_in_need"),
        ("002-school-physical-abuse-disclosure", "wolverhampton", "child_protection"),
        ("003-health-visitor-bruised-baby", "wolverhampton", "child_protection"),
        ("004-gp-toxic-trio-toddler", "walsall", "child_in_need"),
        ("005-school-chronic-neglect", "walsall", "early_help, early_help"),
        ("006-police-missing-county-lines", "wolverhampton", "child_protection"),
        ("007-ae-self-harm-15", "walsall", "early_help"),
        ("008-school-exclusion-early-help", "wolverhampton", "early_help"),
        ("009-housing-temporary-accommodation", "walsall", "early_help, early_help, early_help"),
        ("010-anonymous-children-home-alone", "wolverhampton", "early_help, early_help"),
        ("011-police-information-only", "walsall", "no_further_action/information_only"),
        ("012-midwife-unborn-baby", "wolverhampton", "child_protection"),
        ("013-school-nurse-young-carer", "walsall", "early_help"),
        ("014-school-sexual-abuse-disclosure", "wolverhampton", "child_protection, child_protection"),
        ("015-transfer-in-from-leeds", "walsall", "no_further_action/transfer_to_other_local_authority, no_further_action/transfer_to_other_local_authority"),
        ("016-practice-nurse-fgm-risk", "walsall", "child_protection"),
    ];

    public static TheoryData<string, string, string> Corpus() => new(Table.Select(row => (row.File, row.Hub, row.Expected)));

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Corpus_contact_gets_a_sensible_recommendation(string file, string hub, string expected)
    {
        var request = Parse(file);
        var contact = ContactFacts(request);
        var expectedPerChild = expected.Split(", ");
        Assert.Equal(expectedPerChild.Length, contact.Children.Count);

        for (var i = 0; i < contact.Children.Count; i++)
        {
            var child = contact.Children[i];
            var place = SeedFiles.Localities.Find(child.Postcode);
            var authority = place.IsOutside ? hub : place.LocalAuthority;
            Assert.Equal(hub, authority);

            var recommendation = ThresholdEngine.Evaluate(contact, child, place, SeedFiles.RuleSetOf(authority), SeedFiles.Calendar, ReceivedAt);

            var parts = expectedPerChild[i].Split('/');
            Assert.Equal(ProtoNames.Parse<Pathway>(parts[0]), recommendation.Pathway);
            if (parts.Length > 1) Assert.Equal(ProtoNames.Parse<NfaReason>(parts[1]), recommendation.NfaReason);
            // Whatever the outcome, a screener sees why: a rule fired, and the rule set is named.
            Assert.NotEmpty(recommendation.FiredRules);
            Assert.Equal(SeedFiles.RuleSetOf(authority).Id, recommendation.RuleSet.RuleSetId);
            // A child the referrer says is at immediate risk is always red.
            if (contact.ImmediateRisk) Assert.Equal(Rag.Red, recommendation.Rag);
            Assert.True(recommendation.DecisionDeadline.ToDateTimeOffset() > ReceivedAt);
        }
    }

    [Fact]
    public void Every_corpus_file_is_in_the_table()
    {
        var files = Directory.GetFiles(SeedFiles.PathOf("seeds/contacts"), "*.json").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(files, Table.Select(row => row.File).Order());
    }

    internal static SubmitContactRequest Parse(string file) =>
        new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(false))
            .Parse<SubmitContactRequest>(SeedFiles.Read($"seeds/contacts/{file}.json"));

    /// <summary>What intake sends for a first contact (no earlier contacts, nothing open): its own builder, not a copy.</summary>
    private static ContactFacts ContactFacts(SubmitContactRequest request) =>
        ContactFactsBuilder.Build(request, request.Children.Select(_ => ChildHistory.New(Guid.NewGuid())).ToList(), ReceivedAt);
}
