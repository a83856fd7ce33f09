using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>The events thresholds and allocation publish, as the tests play those services.</summary>
public static class Events
{
    public static EventHeader Header(string contactId, string childId, DateTimeOffset? at = null, string authority = "walsall") => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(at ?? DateTimeOffset.UtcNow),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = authority,
        Actor = new Actor { Subject = "screener-walsall", Role = Role.Screener, LocalAuthority = authority },
        CorrelationId = contactId,
    };

    /// <summary>A child of a contact routed to early help (pathway as given), as thresholds announces it.</summary>
    public static ChildRouted Routed(string contactId, string childId, string locality, int age, SettingKind setting,
        DateTimeOffset? at = null, Pathway pathway = Pathway.EarlyHelp, string postcode = "", IEnumerable<string>? siblings = null, string authority = "walsall")
    {
        var routed = new ChildRouted
        {
            Header = Header(contactId, childId, at, authority),
            DecisionId = Guid.NewGuid().ToString(),
            Pathway = pathway,
            Level = LevelOfNeed.EarlyHelp,
            Rag = Rag.Green,
            Postcode = postcode,
            Locality = locality,
            AgeYears = age,
            DateOfBirth = new Date { Year = DateTime.UtcNow.Year - age - 1, Month = 12, Day = 1 },
            Setting = new Setting { Kind = setting },
            SiblingGroupId = contactId,
            SiblingChildIds = { siblings ?? [] },
            Concerns = { new ConcernFact { Category = ConcernCategory.ParentingSupport, Subject = ConcernSubject.ParentOrCarer } },
            ReferralSource = ReferralSource.Schools,
        };
        return routed;
    }

    public static StepDownRequested SteppedDown(string contactId, string childId, string allocationId, string postcode, int age, SettingKind setting, DateTimeOffset? at = null) => new()
    {
        Header = Header(contactId, childId, at),
        AllocationId = allocationId,
        Reason = "Assessment found needs early help can meet.",
        Needs = { new ConcernFact { Category = ConcernCategory.ParentingSupport, Subject = ConcernSubject.ParentOrCarer } },
        Postcode = postcode,
        AgeYears = age,
        DateOfBirth = new Date { Year = DateTime.UtcNow.Year - age - 1, Month = 6, Day = 1 },
        Setting = new Setting { Kind = setting },
        SiblingGroupId = contactId,
    };

    public static string NewId() => Guid.NewGuid().ToString();
}
