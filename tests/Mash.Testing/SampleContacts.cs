using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Testing;

/// <summary>Clearly fictional contacts for tests.</summary>
public static class SampleContacts
{
    /// <summary>A police notification about two siblings after a domestic abuse incident.</summary>
    public static SubmitContactRequest DomesticAbuseSiblings() => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString(),
        Referrer = new Referrer
        {
            Agency = "wmp", AgencyName = "West Midlands Police (fictional)", AgencyKind = AgencyKind.Police,
            ReferralSource = ReferralSource.Police, Name = "PC Test Officer", Role = "response officer",
        },
        Children =
        {
            new Child { GivenNames = "Testchild", FamilyName = "Example", DateOfBirth = new Date { Year = 2019, Month = 3, Day = 14 },
                Gender = Gender.Female, Address = new Address { Lines = { "1 Fictional Road" }, Town = "Walsall", Postcode = "ws1 1tp" } },
            new Child { GivenNames = "Testsibling", FamilyName = "Example", DateOfBirth = new Date { Year = 2022, Month = 8, Day = 2 },
                Gender = Gender.Male, Address = new Address { Lines = { "1 Fictional Road" }, Town = "Walsall", Postcode = "WS11TP" } },
        },
        Household = { new Person { GivenNames = "Parent", FamilyName = "Example", Relationship = Relationship.Mother, LivesWithChildren = true, HasParentalResponsibility = true } },
        Concerns = { new Concern { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer, Detail = "Police attended a domestic incident; both children present." } },
        Narrative = "Fictional narrative for tests.",
        Consent = new Consent { State = ConsentState.NotSought, Reason = "Seeking consent could place the children at risk.", DecidedBy = "PC Test Officer" },
    };
}
