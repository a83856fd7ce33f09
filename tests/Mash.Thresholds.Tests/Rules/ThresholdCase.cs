using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Mash.Thresholds.Tests.Rules;

/// <summary>A file of threshold cases (Rules/&lt;authority&gt;.cases.yaml; the form is described at its top).</summary>
public sealed class ThresholdCaseFile
{
    public string Authority { get; set; } = "";
    public List<ThresholdCase> Cases { get; set; } = [];

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build(); // unknown keys throw, so a misspelt fact never silently drops out of a case

    public static ThresholdCaseFile Load(string authority)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Rules", $"{authority}.cases.yaml");
        var file = Yaml.Deserialize<ThresholdCaseFile>(File.ReadAllText(path));
        if (file.Authority != authority) throw new InvalidOperationException($"{path} is for '{file.Authority}'");
        return file;
    }
}

/// <summary>One child of one contact, and what the authority's rules should recommend for it.</summary>
public sealed class ThresholdCase
{
    /// <summary>Cases without their own instant are received on a Monday morning in November (GMT).</summary>
    public static readonly DateTimeOffset DefaultReceivedAt = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public string Name { get; set; } = "";
    /// <summary>The published document and section that give the expected pathway and RAG.</summary>
    public string Source { get; set; } = "";
    public int? AgeYears { get; set; }
    public int? AgeMonths { get; set; }
    public bool Unborn { get; set; }
    public List<string> Concerns { get; set; } = [];
    public bool ImmediateRisk { get; set; }
    public bool InformationOnly { get; set; }
    public bool? RepeatContact { get; set; }
    [YamlMember(Alias = "contacts_in_last_12_months")]
    public int? ContactsInLast12Months { get; set; }
    public bool AlreadyOpen { get; set; }
    public string? OpenPathway { get; set; }
    public bool OnChildProtectionPlan { get; set; }
    public string? ReferralSource { get; set; }
    public string? ReferrerAgencyKind { get; set; }
    public string? Disability { get; set; }
    public string? Setting { get; set; }
    public List<HouseholdMemberCase> Household { get; set; } = [];
    public string? Gender { get; set; }
    public string? DomesticAbuseRisk { get; set; }
    public string? ExploitationRisk { get; set; }
    public bool PreviousChildrenRemoved { get; set; }
    public bool CareProceedings { get; set; }
    public bool NotIndependentlyMobile { get; set; }
    public bool NowhereSafeToSleepTonight { get; set; }
    public string? Postcode { get; set; }
    public string? ReceivedAt { get; set; }
    public ExpectedRecommendation Expect { get; set; } = new();

    public DateTimeOffset Received => ReceivedAt is null
        ? DefaultReceivedAt
        : DateTimeOffset.Parse(ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public (ContactFacts Contact, ChildFacts Child) ToFacts(string defaultPostcode)
    {
        var received = Received;
        var child = new ChildFacts
        {
            Postcode = Postcode ?? defaultPostcode,
            Disability = Disability is null ? global::Mash.Contracts.Common.V1.Disability.Unspecified : ProtoNames.Parse<Disability>(Disability),
            Setting = new global::Mash.Contracts.Common.V1.Setting
            {
                Kind = Setting is null ? SettingKind.Unspecified : ProtoNames.Parse<SettingKind>(Setting),
            },
            AlreadyOpen = AlreadyOpen,
            OpenPathway = OpenPathway is null ? Pathway.Unspecified : ProtoNames.Parse<Pathway>(OpenPathway),
            OnChildProtectionPlan = OnChildProtectionPlan,
            Gender = Gender is null ? global::Mash.Contracts.Common.V1.Gender.Unspecified : ProtoNames.Parse<Gender>(Gender),
            ExploitationRisk = ExploitationRisk is null ? global::Mash.Contracts.Common.V1.ExploitationRisk.Unspecified : ProtoNames.Parse<ExploitationRisk>(ExploitationRisk),
            NotIndependentlyMobile = NotIndependentlyMobile,
            NowhereSafeToSleepTonight = NowhereSafeToSleepTonight,
        };

        // Intake's history: a repeat contact has at least one earlier contact, and the other way round.
        var contacts = ContactsInLast12Months ?? (RepeatContact == true ? 1 : 0);
        child.ContactsInLast12Months = contacts;
        child.RepeatContact = RepeatContact ?? contacts > 0;

        var receivedOn = DateOnly.FromDateTime(received.UtcDateTime);
        if (Unborn)
        {
            if (AgeYears is not null || AgeMonths is not null) throw new InvalidOperationException($"{Name}: an unborn child has no age");
            child.ExpectedDateOfBirth = ToDate(receivedOn.AddMonths(4));
        }
        else
        {
            var months = AgeMonths ?? (AgeYears ?? throw new InvalidOperationException($"{Name}: give an age or unborn")) * 12;
            if (AgeYears is not null && AgeMonths is not null && AgeMonths / 12 != AgeYears)
                throw new InvalidOperationException($"{Name}: age_years and age_months disagree");
            child.AgeMonths = months;
            child.AgeYears = months / 12;
            child.DateOfBirth = ToDate(receivedOn.AddMonths(-months));
        }

        foreach (var concern in Concerns)
        {
            var parts = concern.Split('/');
            child.Concerns.Add(new ConcernFact
            {
                Category = ProtoNames.Parse<ConcernCategory>(parts[0]),
                Subject = parts.Length > 1 ? ProtoNames.Parse<ConcernSubject>(parts[1]) : ConcernSubject.Unspecified,
            });
        }

        var contact = new ContactFacts
        {
            ReferralSource = ReferralSource is null ? global::Mash.Contracts.Common.V1.ReferralSource.Unspecified : ProtoNames.Parse<ReferralSource>(ReferralSource),
            ReferrerAgencyKind = ReferrerAgencyKind is null ? AgencyKind.Unspecified : ProtoNames.Parse<AgencyKind>(ReferrerAgencyKind),
            ImmediateRisk = ImmediateRisk,
            InformationOnly = InformationOnly,
            ReceivedAt = Timestamp.FromDateTimeOffset(received),
            DomesticAbuseRisk = DomesticAbuseRisk is null ? global::Mash.Contracts.Common.V1.DomesticAbuseRisk.Unspecified : ProtoNames.Parse<DomesticAbuseRisk>(DomesticAbuseRisk),
            PreviousChildrenRemoved = PreviousChildrenRemoved,
            CareProceedings = CareProceedings,
        };
        foreach (var member in Household)
        {
            var facts = new HouseholdMemberFacts
            {
                Relationship = ProtoNames.Parse<Relationship>(member.Relationship),
                LivesWithChildren = member.LivesWithChildren,
                HasParentalResponsibility = member.HasParentalResponsibility,
            };
            if (member.AgeYears is { } age) facts.AgeYears = age;
            contact.Household.Add(facts);
        }
        contact.Children.Add(child);
        return (contact, child);
    }

    private static Date ToDate(DateOnly day) => new() { Year = day.Year, Month = day.Month, Day = day.Day };
}

public sealed class HouseholdMemberCase
{
    public string Relationship { get; set; } = "";
    public int? AgeYears { get; set; }
    public bool LivesWithChildren { get; set; }
    public bool HasParentalResponsibility { get; set; }
}

public sealed class ExpectedRecommendation
{
    public string Pathway { get; set; } = "";
    public string? NfaReason { get; set; }
    public string Rag { get; set; } = "";
    public int Level { get; set; }
    public List<string> Fired { get; set; } = [];
    public string Winner { get; set; } = "";
    public bool AutoRoute { get; set; }
    public string? Deadline { get; set; }
}
