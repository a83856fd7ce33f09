using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.BuildingBlocks.Tests;

static class Events
{
    public static ContactReceived ContactReceived(Guid? eventId = null) => new()
    {
        Header = new EventHeader
        {
            EventId = (eventId ?? Guid.NewGuid()).ToString(),
            OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
            ContactId = Guid.NewGuid().ToString(),
            LocalAuthority = "walsall",
            Actor = new Actor { Subject = "test", Role = Role.Partner, Agency = "wmp" },
        },
        Facts = new ContactFacts
        {
            ReferralSource = ReferralSource.Police,
            ImmediateRisk = true,
            Children =
            {
                new ChildFacts
                {
                    ChildId = Guid.NewGuid().ToString(), AgeYears = 7, AgeMonths = 88, Postcode = "WS1 1TP",
                    Concerns = { new ConcernFact { Category = ConcernCategory.DomesticAbuse } },
                },
            },
        },
    };
}
