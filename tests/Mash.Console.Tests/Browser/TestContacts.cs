using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;

namespace Mash.Console.Tests.Browser;

/// <summary>A fictional police contact about one child, as the submit form fills it in.</summary>
public static class TestContacts
{
    public static SubmitContactRequest Police(string family) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Referrer = new Referrer { Agency = "wmp", AgencyName = "West Midlands Police (fictional)", AgencyKind = AgencyKind.Police, ReferralSource = ReferralSource.Police, Name = "PC Test Officer" },
        Children = { new Child { GivenNames = "Testchild", FamilyName = family, DateOfBirth = new Date { Year = 2019, Month = 3, Day = 14 }, Gender = Gender.Female,
            Address = new Address { Lines = { "1 Fictional Road" }, Town = "Walsall", Postcode = "WS1 1TP" } } },
        Concerns = { new Concern { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer, Detail = "Police attended a domestic incident; the child was present." } },
        Narrative = "Fictional narrative for the console tests.",
        Consent = new Consent { State = ConsentState.NotSought, Reason = "Seeking consent could place the child at risk.", DecidedBy = "PC Test Officer" },
    };

    /// <summary>Submits <see cref="Police"/> as the police partner; returns the contact and its child.</summary>
    public static async Task<(string ContactId, string ChildId)> SubmitAsync(ConsoleStack stack, string family, Action<SubmitContactRequest>? change = null)
    {
        var request = Police(family);
        change?.Invoke(request);
        var submitted = await new IntakeService.IntakeServiceClient(stack.Intake.As(Role.Partner, "wmp"))
            .SubmitContactAsync(request, cancellationToken: Xunit.TestContext.Current.CancellationToken);
        return (submitted.ContactId, submitted.Children[0].ChildId);
    }

    /// <summary>
    /// A screener's initial decision sending the child straight to <paramref name="pathway"/>, through
    /// thresholds' API, once the rules have recommended (the rationale covers a pathway the rules did not pick).
    /// </summary>
    public static async Task DecideAsync(ConsoleStack stack, string contactId, string childId, Pathway pathway)
    {
        var cancel = Xunit.TestContext.Current.CancellationToken;
        var thresholds = new ThresholdService.ThresholdServiceClient(stack.Thresholds.As(Role.Screener));
        var deadline = DateTime.UtcNow.AddSeconds(90);
        Recommendation? current = null;
        while (current is null)
        {
            try { current = (await thresholds.GetRecommendationAsync(new GetRecommendationRequest { ContactId = contactId, ChildId = childId }, cancellationToken: cancel)).Current; }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.NotFound && DateTime.UtcNow < deadline) { await Task.Delay(500, cancel); }
        }
        await thresholds.RecordDecisionAsync(new RecordDecisionRequest
        {
            ContactId = contactId, ChildId = childId, RecommendationId = current.RecommendationId, Stage = DecisionStage.Initial,
            InitialOutcome = InitialDecisionOutcome.StraightToAllocation, Pathway = pathway,
            Rationale = "Fictional: the console tests send this child to a chosen pathway.", ReferrerFeedback = "Thank you for the contact.",
        }, cancellationToken: cancel);
    }
}
