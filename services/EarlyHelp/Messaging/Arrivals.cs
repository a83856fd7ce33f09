using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;

namespace Mash.EarlyHelp.Messaging;

/// <summary>A child as an arriving event (ChildRouted, StepDownRequested) describes it: ids, birth, age, setting and postcode.</summary>
static class Arrivals
{
    public static EpisodeChild Child(EventHeader header, int ageYears, Setting? setting, string postcode, Date? dateOfBirth, Date? expectedDateOfBirth, string decisionId = "")
    {
        var child = new EpisodeChild
        {
            ChildId = header.ChildId,
            ContactId = header.ContactId,
            AgeYears = ageYears,
            Setting = setting ?? new Setting(),
            Postcode = postcode,
            DecisionId = decisionId,
        };
        if (dateOfBirth is not null) child.DateOfBirth = dateOfBirth;
        if (expectedDateOfBirth is not null) child.ExpectedDateOfBirth = expectedDateOfBirth;
        return child;
    }
}
