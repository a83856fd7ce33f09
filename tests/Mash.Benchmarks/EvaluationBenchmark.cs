using Mash.BuildingBlocks.ReferenceData;
using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Engine;
using Mash.Thresholds.Domain.RuleSets;
using NodaTime;

namespace Mash.Benchmarks;

/// <summary>
/// One ThresholdEngine.Evaluate: a child with three concerns in a household of three, against the
/// Walsall rule set when the repository has it (otherwise an embedded 45-rule set).
/// </summary>
[MemoryDiagnoser]
public class EvaluationBenchmark
{
    private RuleSet _ruleSet = null!;
    private WorkingCalendar _calendar = null!;
    private ContactFacts _contact = null!;
    private ChildFacts _child = null!;
    private readonly ChildPlace _place = new("walsall", "walsall-central");
    private readonly DateTimeOffset _evaluatedAt = new(2026, 5, 7, 9, 5, 0, TimeSpan.FromHours(1));

    [GlobalSetup]
    public void Setup()
    {
        var (file, yaml) = RuleSetSource();
        var load = RuleSetLoader.Load(file, yaml);
        if (!load.Succeeded) throw new InvalidOperationException(string.Join("\n", load.Errors));
        _ruleSet = load.RuleSet!;
        Console.WriteLine($"// rule set: {file} ({_ruleSet.Id} v{_ruleSet.Version}, {_ruleSet.Rules.Count} rules)");

        // The May and August bank holidays are enough for a May evaluation; the calendar is not what is measured.
        _calendar = new WorkingCalendar([new LocalDate(2026, 5, 4), new LocalDate(2026, 5, 25), new LocalDate(2026, 8, 31)]);

        _child = new ChildFacts
        {
            ChildId = "c-1",
            DateOfBirth = new Date { Year = 2022, Month = 3, Day = 14 },
            AgeYears = 4,
            AgeMonths = 49,
            Gender = Gender.Female,
            Disability = Disability.No,
            Postcode = "WS1 1TP",
            Setting = new Setting { Kind = SettingKind.EarlyYears },
            ContactsInLast12Months = 1,
            RepeatContact = true,
        };
        _child.Concerns.Add(new ConcernFact { Category = ConcernCategory.DomesticAbuse, Subject = ConcernSubject.ParentOrCarer });
        _child.Concerns.Add(new ConcernFact { Category = ConcernCategory.AlcoholMisuse, Subject = ConcernSubject.ParentOrCarer });
        _child.Concerns.Add(new ConcernFact { Category = ConcernCategory.Neglect, Subject = ConcernSubject.Child });

        _contact = new ContactFacts
        {
            ReferralSource = ReferralSource.Police,
            ReferrerAgency = "wmp",
            ReferrerAgencyKind = AgencyKind.Police,
            Consent = ConsentState.NotSought,
            ReceivedAt = Timestamp.FromDateTimeOffset(_evaluatedAt.AddMinutes(-5)),
        };
        _contact.Children.Add(_child);
        _contact.Household.Add(new HouseholdMemberFacts { Relationship = Relationship.Mother, AgeYears = 29, LivesWithChildren = true, HasParentalResponsibility = true });
        _contact.Household.Add(new HouseholdMemberFacts { Relationship = Relationship.ParentsPartner, AgeYears = 34, LivesWithChildren = true });
        _contact.Household.Add(new HouseholdMemberFacts { Relationship = Relationship.Sibling, AgeYears = 9, LivesWithChildren = true });
    }

    [Benchmark]
    public Recommendation Evaluate() => ThresholdEngine.Evaluate(_contact, _child, _place, _ruleSet, _calendar, _evaluatedAt);

    /// <summary>seeds/thresholds/walsall.yaml found above the working directory or the binary, else the embedded set.</summary>
    private static (string File, string Yaml) RuleSetSource()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var path = Path.Combine(dir.FullName, "seeds", "thresholds", "walsall.yaml");
                if (File.Exists(path)) return (path, File.ReadAllText(path));
            }
        }
        using var stream = typeof(EvaluationBenchmark).Assembly.GetManifestResourceStream("benchmark-rules.yaml")
            ?? throw new InvalidOperationException("embedded benchmark-rules.yaml missing");
        return ("benchmark-rules.yaml (embedded)", new StreamReader(stream).ReadToEnd());
    }
}
