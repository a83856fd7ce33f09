using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Allocation.Tests.Service;

/// <summary>The ChildRouted events thresholds would publish, built for tests (ids, codes and flags only, as on the bus).</summary>
public static class Routings
{
    /// <summary>Every routed child's date of birth.</summary>
    public static readonly NodaTime.LocalDate BornOn = new(2018, 6, 1);

    /// <summary>A routed child's age on London's date today, as allocation counts it (not the age at routing).</summary>
    public static int AgeToday() =>
        NodaTime.Period.Between(BornOn, Mash.Allocation.Domain.Clocks.StatutoryClocks.LondonDate(DateTimeOffset.UtcNow), NodaTime.PeriodUnits.Years).Years;

    public static ChildRouted Child(string postcode, Pathway pathway = Pathway.ChildInNeed, DateTimeOffset? at = null,
        string locality = "", string? contactId = null, string authority = "walsall")
    {
        contactId ??= Guid.NewGuid().ToString();
        var childId = Guid.NewGuid().ToString();
        // Whole seconds: the database keeps microseconds, and tests compare instants read back.
        var occurred = Seconds(at ?? DateTimeOffset.UtcNow);
        return new ChildRouted
        {
            Header = new EventHeader
            {
                EventId = Guid.NewGuid().ToString(),
                OccurredAt = Timestamp.FromDateTimeOffset(occurred),
                ContactId = contactId,
                ChildId = childId,
                LocalAuthority = authority,
                Actor = new Actor { Subject = $"screener-{authority}", Role = Role.Screener, LocalAuthority = authority },
                CorrelationId = contactId,
            },
            DecisionId = Guid.NewGuid().ToString(),
            Pathway = pathway,
            Level = pathway == Pathway.ChildProtection ? LevelOfNeed.Acute : LevelOfNeed.Complex,
            Rag = Rag.Amber,
            Postcode = postcode,
            PostcodeDistrict = postcode.Split(' ')[0],
            Locality = locality,
            DateOfBirth = new Date { Year = BornOn.Year, Month = BornOn.Month, Day = BornOn.Day },
            AgeYears = 7,
            Setting = new Setting { Kind = SettingKind.PrimarySchool, Name = "Fictional Primary", Urn = "999999" },
            SiblingGroupId = contactId,
            Concerns = { new ConcernFact { Category = ConcernCategory.Neglect, Subject = ConcernSubject.ParentOrCarer } },
            ReferralSource = ReferralSource.Schools,
        };
    }

    /// <summary>The children of one contact routed together: one sibling group, each naming the others.</summary>
    public static List<ChildRouted> Siblings(int count, string postcode, Pathway pathway = Pathway.ChildInNeed, DateTimeOffset? at = null)
    {
        var contactId = Guid.NewGuid().ToString();
        var children = Enumerable.Range(0, count).Select(_ => Child(postcode, pathway, at, contactId: contactId)).ToList();
        foreach (var child in children)
            child.SiblingChildIds.AddRange(children.Where(c => c != child).Select(c => c.Header.ChildId));
        return children;
    }

    /// <summary>A new referral of the same child from a later contact, which intake flags as already open.</summary>
    public static ChildRouted Again(ChildRouted earlier, Pathway pathway, DateTimeOffset? at = null)
    {
        var again = Child(earlier.Postcode, pathway, at);
        again.Header.ChildId = earlier.Header.ChildId;
        again.AlreadyOpen = true;
        again.OpenPathway = earlier.Pathway;
        return again;
    }

    /// <summary>The same contact and child routed again by a corrected decision.</summary>
    public static ChildRouted Corrected(ChildRouted earlier, Pathway pathway, DateTimeOffset at)
    {
        var corrected = earlier.Clone();
        corrected.Header.EventId = Guid.NewGuid().ToString();
        corrected.Header.OccurredAt = Timestamp.FromDateTimeOffset(Seconds(at));
        corrected.DecisionId = Guid.NewGuid().ToString();
        corrected.SupersedesDecisionId = earlier.DecisionId;
        corrected.Pathway = pathway;
        return corrected;
    }

    public static DateTimeOffset Seconds(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>A London wall-clock time as an instant (BST or GMT as the date has it).</summary>
    public static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0) =>
        new NodaTime.LocalDateTime(year, month, day, hour, minute).InZoneLeniently(Mash.BuildingBlocks.ReferenceData.WorkingCalendar.London).ToDateTimeOffset();
}
