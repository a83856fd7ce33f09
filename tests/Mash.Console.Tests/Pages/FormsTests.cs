using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Mash.Console.Errors;
using Mash.Console.Forms;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Thresholds.V1;
using Xunit;

namespace Mash.Console.Tests.Pages;

public sealed class SubmitContactFormTests
{
    [Fact]
    public void The_form_becomes_intakes_request_as_typed_with_the_users_own_agency()
    {
        var form = new SubmitContactForm
        {
            IdempotencyKey = "k-1", AgencyName = " School ", AgencyKind = AgencyKind.Education, ReferralSource = ReferralSource.Schools, ReferrerName = "Ms Teacher",
            Children =
            [
                new ChildInput { GivenNames = "Ann", FamilyName = "Example", BirthDate = "2018-02-28", AddressLine1 = "1 Road", AddressLine2 = " ", Postcode = "ws1 1tp" },
                new ChildInput { BirthDate = "2026-09-01", Unborn = true, Postcode = "WS1 1TP" },
                new ChildInput { BirthDate = "not a date" },
            ],
            Concerns = [new ConcernInput { Category = ConcernCategory.Neglect, Subject = ConcernSubject.Child, Detail = " thin " }],
            ConsentState = ConsentState.Given, ConsentGivenBy = "mother",
        };

        var request = form.ToRequest("school-123");

        Assert.Equal(("school-123", "School", "k-1"), (request.Referrer.Agency, request.Referrer.AgencyName, request.IdempotencyKey));
        Assert.Equal(new Date { Year = 2018, Month = 2, Day = 28 }, request.Children[0].DateOfBirth);
        Assert.Equal(["1 Road"], request.Children[0].Address.Lines);
        // Intake normalises postcodes; the form sends what was typed so intake's messages name what the user wrote.
        Assert.Equal("ws1 1tp", request.Children[0].Address.Postcode);
        Assert.Equal(Child.BirthOneofCase.ExpectedDateOfBirth, request.Children[1].BirthCase);
        // A date that does not parse is sent as none: intake says a date of birth is required, next to the field.
        Assert.Equal(Child.BirthOneofCase.None, request.Children[2].BirthCase);
        Assert.Equal("thin", request.Concerns[0].Detail);
        Assert.Equal((ConsentState.Given, "mother"), (request.Consent.State, request.Consent.GivenBy));
    }

    [Fact]
    public void The_risk_facts_on_the_form_reach_the_request()
    {
        var form = new SubmitContactForm
        {
            Children = [new ChildInput { BirthDate = "2026-09-01", NotIndependentlyMobile = true }, new ChildInput { BirthDate = "2010-01-01", ExploitationRisk = ExploitationRisk.High, NowhereSafeToSleepTonight = true }],
            DomesticAbuseRisk = DomesticAbuseRisk.Marac, PreviousChildrenRemoved = true, CareProceedings = true,
        };

        var request = form.ToRequest("wmp");

        Assert.Equal((DomesticAbuseRisk.Marac, true, true), (request.DomesticAbuseRisk, request.PreviousChildrenRemoved, request.CareProceedings));
        Assert.Equal((true, ExploitationRisk.Unspecified, false), (request.Children[0].NotIndependentlyMobile, request.Children[0].ExploitationRisk, request.Children[0].NowhereSafeToSleepTonight));
        Assert.Equal((false, ExploitationRisk.High, true), (request.Children[1].NotIndependentlyMobile, request.Children[1].ExploitationRisk, request.Children[1].NowhereSafeToSleepTonight));
    }
}

public sealed class DecisionFormTests
{
    static DecisionForm Form(DecisionStage stage, InitialDecisionOutcome outcome, Pathway pathway) => new()
    {
        ChildId = "c", RecommendationId = "r", Stage = stage, InitialOutcome = outcome, Pathway = pathway,
        NfaReason = NfaReason.AdviceAndSignposting, Rationale = "  why  ",
    };

    [Fact]
    public void Only_the_fields_of_the_chosen_outcome_are_sent()
    {
        var screening = Form(DecisionStage.Initial, InitialDecisionOutcome.ScreeningRequired, Pathway.EarlyHelp).ToRequest("k");
        Assert.Equal((Pathway.Unspecified, NfaReason.Unspecified), (screening.Pathway, screening.NfaReason));

        var straight = Form(DecisionStage.Initial, InitialDecisionOutcome.StraightToAllocation, Pathway.ChildInNeed).ToRequest("k");
        Assert.Equal((Pathway.ChildInNeed, NfaReason.Unspecified, "why"), (straight.Pathway, straight.NfaReason, straight.Rationale));

        var nfa = Form(DecisionStage.Initial, InitialDecisionOutcome.NoFurtherAction, Pathway.EarlyHelp).ToRequest("k");
        Assert.Equal((Pathway.Unspecified, NfaReason.AdviceAndSignposting), (nfa.Pathway, nfa.NfaReason));

        var final = Form(DecisionStage.Final, InitialDecisionOutcome.StraightToAllocation, Pathway.EarlyHelp).ToRequest("k");
        Assert.Equal((InitialDecisionOutcome.Unspecified, Pathway.EarlyHelp, NfaReason.Unspecified), (final.InitialOutcome, final.Pathway, final.NfaReason));
        Assert.Equal(("k", "c", "r"), (final.ContactId, final.ChildId, final.RecommendationId));
    }

    [Fact]
    public void The_form_starts_from_the_recommendation_and_the_stage_the_child_is_at()
    {
        var recommendation = new Recommendation { RecommendationId = "r-9", Pathway = Pathway.NoFurtherAction, NfaReason = NfaReason.InformationOnly };

        var initial = DecisionForm.For("c", recommendation, initialInEffect: false);
        Assert.Equal((DecisionStage.Initial, InitialDecisionOutcome.NoFurtherAction, NfaReason.InformationOnly, "r-9"),
            (initial.Stage, initial.InitialOutcome, initial.NfaReason, initial.RecommendationId));
        Assert.Equal(DecisionStage.Final, DecisionForm.For("c", recommendation, initialInEffect: true).Stage);
    }
}

public sealed class FormErrorsTests
{
    [Fact]
    public void Field_violations_are_kept_by_the_apis_field_paths_and_ids_are_safe()
    {
        var status = new Google.Rpc.Status { Code = (int)Code.InvalidArgument, Message = "2 invalid" };
        status.Details.Add(Any.Pack(new BadRequest { FieldViolations =
        {
            new BadRequest.Types.FieldViolation { Field = "children[1].address.postcode", Description = "is not a UK postcode (e.g. WS1 1TP)" },
            new BadRequest.Types.FieldViolation { Field = "concerns", Description = "at least one concern is required" },
        } }));

        var errors = FormErrors.From(status.ToRpcException());

        Assert.Equal(["is not a UK postcode (e.g. WS1 1TP)"], errors.For("children[1].address.postcode"));
        Assert.Equal(["at least one concern is required"], errors.For("x", "concerns"));
        Assert.Empty(errors.General);
        Assert.Equal("f-children-1-address-postcode", FormErrors.FieldId("children[1].address.postcode"));
        Assert.Equal("f-nfa_reason", FormErrors.FieldId("nfa_reason"));
    }

    [Fact]
    public void A_refusal_without_fields_is_a_message_for_the_whole_form_and_retry_info_says_when()
    {
        var stale = new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, "The rules have re-run since"));
        Assert.Equal(["The rules have re-run since"], FormErrors.From(stale).General);
        Assert.True(FormErrors.IsAboutTheForm(stale));
        Assert.False(FormErrors.IsAboutTheForm(new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, "no"))));

        var limited = new Google.Rpc.Status { Code = (int)Code.ResourceExhausted, Message = "Too many" };
        limited.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.FromSeconds(2.5)) }));
        Assert.Equal(["Too many", "Try again in 3 seconds."], FormErrors.From(limited.ToRpcException()).General);
    }

    [Fact]
    public void Permission_denied_is_a_plain_you_may_not_page()
    {
        var problem = RpcProblem.From(new RpcException(new Grpc.Core.Status(StatusCode.PermissionDenied, "partners may not list breaches")));
        Assert.Equal((403, "You may not do this", "partners may not list breaches"), (problem.HttpStatus, problem.Title, problem.ServiceSaid));
    }
}

public sealed class PeriodTests
{
    [Fact]
    public void The_last_30_days_unless_dates_are_given()
    {
        var today = new DateOnly(2026, 3, 31);
        Assert.Equal(new Period(new DateOnly(2026, 3, 1), today), Period.Parse(null, null, today));
        Assert.Equal(new Period(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31)), Period.Parse("2026-01-01", "2026-01-31", today));
    }
}
