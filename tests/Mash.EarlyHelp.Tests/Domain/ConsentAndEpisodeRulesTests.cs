using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Domain;
using Xunit;
using static Mash.Contracts.Common.V1.EarlyHelpConsentDecision;
using static Mash.Contracts.EarlyHelp.V1.EpisodeStatus;

namespace Mash.EarlyHelp.Tests.Domain;

/// <summary>The consent state machine and the other status rules of an episode.</summary>
public sealed class ConsentAndEpisodeRulesTests
{
    public static TheoryData<EpisodeStatus, EarlyHelpConsentDecision, string> Consents => new()
    {
        { AwaitingConsent, Given, "broker" },
        { AwaitingConsent, Declined, "close ConsentDeclined" },
        { AwaitingConsent, Withdrawn, "refused: The family has not given consent, so there is none to withdraw: record DECLINED" },
        { AwaitingLeadProfessional, Given, "refused: The family has already given consent" },
        { AwaitingLeadProfessional, Withdrawn, "close ConsentWithdrawn" },
        { Active, Declined, "refused: The family gave consent earlier: record WITHDRAWN to end early help" },
        { Active, Withdrawn, "close ConsentWithdrawn" },
        { StepUpRequested, Withdrawn, "close ConsentWithdrawn" },
        { Closed, Given, "refused: The episode is closed: consent can no longer be recorded on it" },
        { Closed, Withdrawn, "refused: The episode is closed: consent can no longer be recorded on it" },
        { AwaitingConsent, EarlyHelpConsentDecision.Unspecified, "invalid: decision" },
    };

    [Theory, MemberData(nameof(Consents))]
    public void Consent_gates_brokerage_and_a_decline_or_withdrawal_closes_the_episode(EpisodeStatus status, EarlyHelpConsentDecision decision, string expected)
    {
        var (effect, refusal) = ConsentRules.Record(status, decision);
        var actual = refusal is { Kind: RefusalKind.InvalidArgument } ? $"invalid: {string.Join(",", refusal.Violations.Select(v => v.Field))}"
            : refusal is not null ? $"refused: {refusal.Message}"
            : effect!.CloseWith is { } outcome ? $"close {outcome}"
            : effect.Broker ? "broker" : "nothing";
        Assert.Equal(expected, actual);
    }

    static Episode Episode(EpisodeStatus status, params EarlyHelpConsentDecision[] consents)
    {
        var episode = new Episode { EpisodeId = Guid.NewGuid().ToString(), LocalAuthority = "walsall", Status = status };
        episode.Consents.AddRange(consents.Select(d => new ConsentRecord { Decision = d }));
        return episode;
    }

    [Fact]
    public void A_manager_assigns_only_after_consent_within_the_authority_to_someone_new_with_a_free_place()
    {
        var person = Fixtures.Person("p", "walsall-east", 0, 18, capacity: 2);
        var wolverhampton = Fixtures.Person("w", "wolverhampton-city", 0, 18, authority: "wolverhampton");
        var waiting = Episode(AwaitingLeadProfessional, Given);

        Assert.Null(EpisodeRules.Assign(waiting, person, chosenLoad: 1));
        Assert.Equal(["lead_professional_id"], EpisodeRules.Assign(waiting, wolverhampton, 0)!.Violations.Select(v => v.Field));
        Assert.Equal(["lead_professional_id"], EpisodeRules.Assign(waiting, null, 0)!.Violations.Select(v => v.Field));
        Assert.Contains("holds 2 of 2", EpisodeRules.Assign(waiting, person, chosenLoad: 2)!.Message);
        Assert.Contains("not given consent", EpisodeRules.Assign(Episode(AwaitingConsent), person, 0)!.Message);

        var active = Episode(Active, Given);
        active.LeadProfessional = new LeadProfessionalAssignment { LeadProfessional = person.ToMessage() };
        Assert.Contains("already the lead professional", EpisodeRules.Assign(active, person, 1)!.Message);
    }

    [Fact]
    public void Closing_by_hand_takes_an_outcome_consent_outcomes_go_through_RecordConsent_and_other_needs_a_note()
    {
        var active = Episode(Active, Given);
        Assert.Null(EpisodeRules.Close(active, EpisodeOutcome.NeedsMet, ""));
        Assert.Null(EpisodeRules.Close(active, EpisodeOutcome.Other, "Family moved to a relative's care"));
        Assert.Equal(["outcome"], EpisodeRules.Close(active, EpisodeOutcome.Unspecified, "")!.Violations.Select(v => v.Field));
        Assert.Equal(["outcome"], EpisodeRules.Close(active, EpisodeOutcome.ConsentWithdrawn, "")!.Violations.Select(v => v.Field));
        Assert.Equal(["note"], EpisodeRules.Close(active, EpisodeOutcome.Other, " ")!.Violations.Select(v => v.Field));
        Assert.Contains("not been stepped up", EpisodeRules.Close(active, EpisodeOutcome.SteppedUp, "")!.Message);
        Assert.Contains("already closed", EpisodeRules.Close(Episode(Closed), EpisodeOutcome.NeedsMet, "")!.Message);
    }

    [Fact]
    public void A_step_up_the_MASH_hands_back_returns_the_episode_to_where_it_stood()
    {
        Assert.Equal(AwaitingConsent, EpisodeRules.WorkingStatus(Episode(StepUpRequested)));
        Assert.Equal(AwaitingLeadProfessional, EpisodeRules.WorkingStatus(Episode(StepUpRequested, Given)));
        var withLead = Episode(StepUpRequested, Given);
        withLead.LeadProfessional = new LeadProfessionalAssignment();
        Assert.Equal(Active, EpisodeRules.WorkingStatus(withLead));
        Assert.True(EpisodeRules.StepUpAccepted(Pathway.ChildProtection));
        Assert.False(EpisodeRules.StepUpAccepted(Pathway.EarlyHelp));
    }
}
