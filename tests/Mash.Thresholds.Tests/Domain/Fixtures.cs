using Mash.BuildingBlocks.ReferenceData;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.RuleSets;
using NodaTime;

namespace Mash.Thresholds.Tests.Domain;

/// <summary>Small builders for facts, rule sets and calendars used by the domain tests.</summary>
internal static class Fixtures
{
    /// <summary>Twelve header lines; the rules given to <see cref="WithRules"/> start on line 13.</summary>
    public const string Header = """
        id: test-levels
        version: 1
        local_authority: walsall
        title: Test rules
        effective_from: 2026-04-01
        default:
          level: 1
          pathway: no_further_action
          nfa_reason: advice_and_signposting
          rag: green
          reason: Nothing above universal services.
        rules:

        """;

    public static string WithRules(string rules) => Header + rules;

    public static RuleSet Load(string yaml, string file = "test.yaml")
    {
        var result = RuleSetLoader.Load(file, yaml);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.RuleSet!;
    }

    public static ChildFacts Child(int ageYears = 8, params ConcernCategory[] concerns)
    {
        var child = new ChildFacts { AgeYears = ageYears, AgeMonths = ageYears * 12, Postcode = "WS1 1AA" };
        foreach (var c in concerns) child.Concerns.Add(new ConcernFact { Category = c, Subject = ConcernSubject.Child });
        return child;
    }

    public static ContactFacts Contact(DateTimeOffset receivedAt, params ChildFacts[] children)
    {
        var contact = new ContactFacts
        {
            ReferralSource = ReferralSource.Schools,
            ReferrerAgencyKind = AgencyKind.Education,
            ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt),
        };
        contact.Children.AddRange(children);
        return contact;
    }

    /// <summary>England and Wales bank holidays 2025-2027, as gov.uk publishes them (substitute days included).</summary>
    public const string GovUkJson = """
        {"england-and-wales":{"division":"england-and-wales","events":[
          {"title":"Christmas Day","date":"2025-12-25","notes":"","bunting":true},
          {"title":"Boxing Day","date":"2025-12-26","notes":"","bunting":true},
          {"title":"New Year’s Day","date":"2026-01-01","notes":"","bunting":true},
          {"title":"Good Friday","date":"2026-04-03","notes":"","bunting":false},
          {"title":"Easter Monday","date":"2026-04-06","notes":"","bunting":true},
          {"title":"Early May bank holiday","date":"2026-05-04","notes":"","bunting":true},
          {"title":"Spring bank holiday","date":"2026-05-25","notes":"","bunting":true},
          {"title":"Summer bank holiday","date":"2026-08-31","notes":"","bunting":true},
          {"title":"Christmas Day","date":"2026-12-25","notes":"","bunting":true},
          {"title":"Boxing Day","date":"2026-12-28","notes":"Substitute day","bunting":true},
          {"title":"New Year’s Day","date":"2027-01-01","notes":"","bunting":true},
          {"title":"Christmas Day","date":"2027-12-27","notes":"Substitute day","bunting":true},
          {"title":"Boxing Day","date":"2027-12-28","notes":"Substitute day","bunting":true}
        ]},"scotland":{"division":"scotland","events":[{"title":"St Andrew’s Day","date":"2026-11-30","notes":"","bunting":true}]}}
        """;

    public static WorkingCalendar Calendar { get; } = WorkingCalendar.FromGovUkJson(GovUkJson);

    /// <summary>A wall-clock time in Europe/London as an instant.</summary>
    public static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0) =>
        WorkingCalendar.London.AtStrictly(new LocalDateTime(year, month, day, hour, minute)).ToDateTimeOffset();
}
