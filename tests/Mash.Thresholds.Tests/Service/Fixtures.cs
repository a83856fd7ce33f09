namespace Mash.Thresholds.Tests.Service;

/// <summary>
/// The tests' own small rule set, localities and bank holidays, written to a temporary folder, so
/// that changes to the real seeds cannot break them. Fictional throughout.
/// </summary>
public static class Fixtures
{
    public const string RuleSetId = "test-walsall";

    /// <summary>Walsall: WS1 and WS2 in the south, WS3 in the north; every other postcode is outside.</summary>
    public const string Localities = """
        local_authority: walsall
        name: Walsall (test fixture)
        localities:
          - id: walsall-north
            name: North
            postcodes: [WS3]
          - id: walsall-south
            name: South
            postcodes: [WS1, WS2]
        """;

    public const string BankHolidays = """
        {
          "england-and-wales": {
            "division": "england-and-wales",
            "events": [
              { "title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true },
              { "title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": true },
              { "title": "New Year's Day", "date": "2027-01-01", "notes": "", "bunting": true },
              { "title": "Christmas Day", "date": "2027-12-27", "notes": "Substitute day", "bunting": true },
              { "title": "Boxing Day", "date": "2027-12-28", "notes": "Substitute day", "bunting": true }
            ]
          }
        }
        """;

    /// <summary>
    /// Sexual abuse by an adult: CP red. Domestic abuse: early help amber; with neglect: CIN amber.
    /// Information only about a child already open: NFA, routed by the system. Otherwise NFA green.
    /// </summary>
    public static string WalsallRules(int version = 1, string effectiveFrom = "2020-01-01", string id = RuleSetId,
        string authority = "walsall", string extraRules = "") => $"""
        id: {id}
        version: {version}
        local_authority: {authority}
        title: Test rules (fixture)
        effective_from: {effectiveFrom}

        default:
          level: 1
          pathway: no_further_action
          nfa_reason: advice_and_signposting
          rag: green
          reason: No presenting need above universal services.

        rules:
          - id: T-001
            when:
              concern: sexual_abuse_adult_on_child
            level: 4
            pathway: child_protection
            rag: red
            reason: A disclosure of sexual abuse by an adult.
          - id: T-010
            when:
              concern: domestic_abuse
            level: 2
            pathway: early_help
            rag: amber
            reason: Domestic abuse in the household.
          - id: T-020
            when:
              concern_all: [domestic_abuse, neglect]
            level: 3
            pathway: child_in_need
            rag: amber
            reason: Domestic abuse together with neglect.
          - id: T-030
            when:
              information_only: true
              already_open: true
            level: 1
            pathway: no_further_action
            nfa_reason: already_open_to_service
            rag: green
            auto_route: true
            reason: Information about a child already open is passed to the allocated worker.
        {extraRules}
        """;
}
