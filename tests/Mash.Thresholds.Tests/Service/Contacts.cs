using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Thresholds.Tests.Service;

/// <summary>The events intake would publish, built for tests (ids, codes and flags only, as on the bus).</summary>
public static class Contacts
{
    public static ChildFacts Child(string postcode = "WS1 1TP", params ConcernCategory[] concerns)
    {
        var child = new ChildFacts
        {
            ChildId = Guid.NewGuid().ToString(),
            DateOfBirth = new Date { Year = 2019, Month = 3, Day = 14 },
            AgeYears = 7,
            AgeMonths = 7 * 12 + 8,
            Gender = Gender.Female,
            Postcode = postcode,
            Setting = new Setting { Kind = SettingKind.PrimarySchool, Name = "Fictional Primary" },
        };
        child.Concerns.AddRange(concerns.Select(c => new ConcernFact { Category = c, Subject = ConcernSubject.ParentOrCarer }));
        return child;
    }

    public static ContactReceived Received(params ChildFacts[] children)
    {
        var contactId = Guid.NewGuid().ToString();
        return new ContactReceived
        {
            Header = Header(contactId),
            Facts = new ContactFacts
            {
                ReferralSource = ReferralSource.Police,
                ReferrerAgency = "wmp",
                ReferrerAgencyKind = AgencyKind.Police,
                Consent = ConsentState.NotSought,
                ReceivedAt = Timestamp.FromDateTime(DateTime.UtcNow),
                Children = { children },
                Household = { new HouseholdMemberFacts { Relationship = Relationship.Mother, AgeYears = 31, LivesWithChildren = true, HasParentalResponsibility = true } },
            },
        };
    }

    public static EventHeader Header(string contactId, string childId = "") => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = "walsall",
        Actor = new Actor { Subject = "screener-walsall", Role = Role.Screener, LocalAuthority = "walsall" },
        CorrelationId = contactId,
    };

    public static AgencyCheckCompleted CheckCompleted(ContactReceived contact, IEnumerable<string> childIds, params ConcernCategory[] indicators) => new()
    {
        Header = Header(contact.Header.ContactId),
        CheckId = Guid.NewGuid().ToString(),
        AgencyKind = AgencyKind.Health,
        Agency = "rwt-health",
        ChildIds = { childIds },
        Finding = CheckFinding.Known,
        Indicators = { indicators.Select(c => new ConcernFact { Category = c, Subject = ConcernSubject.ParentOrCarer }) },
    };
}
