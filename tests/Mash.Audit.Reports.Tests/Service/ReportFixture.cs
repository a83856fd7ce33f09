using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Reports.Tests.Service;

/// <summary>
/// A known set of events, counted by hand (ReportTests holds the counts). Walsall's period under
/// report is 2 to 13 March 2026 (GMT, so London time is UTC). Ids are readable on purpose.
///
/// Before the period (re-contact and re-referral history; list 1 and 3 rows when in the look-back):
///   C0   wmp     10 Jan 2026  k1 -> NFA information only
///   C0c  wmp     20 Nov 2025  a1 -> CIN, allocated walsall-north-cin / w-9; strategy NFA, then
///                             assessed (so not a referral NFA)
///   C0d  wmp     15 Jan 2025  a2 -> CIN (more than 12 months before C1); allocated walsall-south-cin / w-4;
///                             s47 strategy discussion 10 Apr 2025, ICPC 24 Apr 2025 -> CIN plan
/// In the period:
///   C1   wmp      2 Mar 09:00 a1 -> CP (south; allocated w-1, reallocated w-2; strategy NFA),
///                             a2 -> CIN (south; allocated w-1; s47 strategy discussion 3 Mar;
///                             assessment completed 20 Mar -> CIN plan, so no ICPC)
///   C2   wmp      3 Mar       b1 -> early help, corrected to NFA information only
///   C3   wmp      4 Mar       b2 -> NFA advice and signposting
///   C4   wmp      5 Mar       b3 -> NFA information only
///   C5   wmp      6 Mar       k1 -> early help (re-contact: C0)
///   C6   wmp      9 Mar       d1 -> withdrawn before a decision
///   C7   school   2 Mar 08:30 e1 -> early help (intake flagged a repeat contact)
///   C8   school  10 Mar       e2 -> NFA advice; e3 -> no decision yet
///   C9   school  11 Mar       e4 -> CIN while already open (no census referral)
///   C10  school  13 Mar 23:30 e5 (unborn, no gender or ethnicity) -> NFA transfer, decided 16 Mar
///   C12  public  12 Mar       p1 (disabled) -> CP (south; queued at walsall-south-cp; s47 strategy
///                             discussion 12 Mar, ICPC 26 Mar -> CP plan)
/// Rules and overrides: a1 a2 p1 routed on WAL-001's recommendation (a1's decision overrode it), b2
/// on WAL-032's (overridden); the other routed children carry no rule.
/// Outside: C11 school 14 Mar 00:30 (e6); C13 wmp in Wolverhampton 5 Mar (w1 -> NFA information only).
/// Early help: EP1 k1 opened 6 Mar, assessed 20 Mar by "St Mary's, Walsall"; EP2 e1 opened 2 Mar,
/// closed 25 Mar; EP3 x1 opened 1 Jun 2025, closed 1 Aug 2025; EP4 b2 opened 1 May 2025, still open;
/// EP5 w1 in Wolverhampton, assessed 16 Mar by an organisation whose name is a spreadsheet formula.
/// Out of order on purpose: a2's routing before C1, b1's correction before its first routing, a1's
/// reallocation before its allocation, C0c's strategy discussion and assessment before its
/// allocation, p1's ICPC before its strategy discussion, EP1's assessment and EP2's closure before
/// their opening.
/// C2 is delivered twice with the same event id.
/// </summary>
public static class ReportFixture
{
    public const string Police = "wmp", School = "st-marys";

    static DateTimeOffset Utc(int year, int month, int day, int hour = 10, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static IEnumerable<IMessage> Events()
    {
        var c0 = Contact("c0", Police, Utc(2026, 1, 10), Child("k1", Gender.Male, "WBRI", 2015, 6, 1));
        yield return c0;
        yield return Routed(c0, "k1", Pathway.NoFurtherAction, Utc(2026, 1, 10, 12), "walsall-north", NfaReason.InformationOnly);

        var c0c = Contact("c0c", Police, Utc(2025, 11, 20), Child("a1", Gender.Female, "WBRI", 2019, 3, 14));
        yield return c0c;
        yield return Routed(c0c, "a1", Pathway.ChildInNeed, Utc(2025, 11, 20, 14), "walsall-north", source: ReferralSource.Police);
        // Both before the allocation that names the child; the assessment's header names no child.
        yield return Strategy("c0c", "a1", "alloc-c0c-a1", StrategyOutcome.NoFurtherAction, Utc(2025, 11, 21, 9));
        yield return Assessed("c0c", "alloc-c0c-a1", Utc(2025, 12, 1));
        yield return Allocated("c0c", "a1", "alloc-c0c-a1", "walsall-north-cin", "w-9", Utc(2025, 11, 21));

        var c0d = Contact("c0d", Police, Utc(2025, 1, 15), Child("a2", Gender.Male, "WBRI", 2017, 9, 1));
        yield return c0d;
        yield return Routed(c0d, "a2", Pathway.ChildInNeed, Utc(2025, 1, 15, 14), "walsall-south", source: ReferralSource.Police);
        yield return Allocated("c0d", "a2", "alloc-c0d-a2", "walsall-south-cin", "w-4", Utc(2025, 1, 16));
        yield return Strategy("c0d", "a2", "alloc-c0d-a2", StrategyOutcome.Section47Enquiry, Utc(2025, 4, 10));
        yield return Conference("c0d", "alloc-c0d-a2", ConferenceOutcome.ChildInNeedPlan, Utc(2025, 4, 24));

        var c1 = Contact("c1", Police, Utc(2026, 3, 2, 9), Child("a1", Gender.Female, "WBRI", 2019, 3, 14), Child("a2", Gender.Male, "WBRI", 2017, 9, 1));
        yield return Routed(c1, "a2", Pathway.ChildInNeed, Utc(2026, 3, 2, 11), "walsall-south", rule: "WAL-001");
        yield return c1;
        yield return Routed(c1, "a1", Pathway.ChildProtection, Utc(2026, 3, 2, 11), "walsall-south", source: ReferralSource.Police, rule: "WAL-001", overrides: true);
        yield return Allocated("c1", "a1", "alloc-c1-a1", "walsall-south-cp", "w-2", Utc(2026, 3, 5));
        yield return Allocated("c1", "a1", "alloc-c1-a1", "walsall-south-cp", "w-1", Utc(2026, 3, 2, 12));
        yield return Strategy("c1", "a1", "alloc-c1-a1", StrategyOutcome.NoFurtherAction, Utc(2026, 3, 2, 15));
        yield return Allocated("c1", "a2", "alloc-c1-a2", "walsall-south-cin", "w-1", Utc(2026, 3, 2, 12));
        yield return Strategy("c1", "a2", "alloc-c1-a2", StrategyOutcome.Section47Enquiry, Utc(2026, 3, 3));
        yield return Assessed("c1", "alloc-c1-a2", Utc(2026, 3, 20));

        var c2 = Contact("c2", Police, Utc(2026, 3, 3), Child("b1", Gender.Female, "AIND", 2012, 1, 1));
        yield return c2;
        yield return c2;
        yield return Routed(c2, "b1", Pathway.NoFurtherAction, Utc(2026, 3, 3, 16), "walsall-north", NfaReason.InformationOnly);
        yield return Routed(c2, "b1", Pathway.EarlyHelp, Utc(2026, 3, 3, 12), "walsall-north");

        var c3 = Contact("c3", Police, Utc(2026, 3, 4), Child("b2", Gender.Male, "", 2014, 2, 2));
        yield return c3;
        yield return Routed(c3, "b2", Pathway.NoFurtherAction, Utc(2026, 3, 4, 12), "walsall-north", NfaReason.AdviceAndSignposting, rule: "WAL-032", overrides: true);

        var c4 = Contact("c4", Police, Utc(2026, 3, 5), Child("b3", Gender.Female, "WBRI", 2011, 11, 11));
        yield return c4;
        yield return Routed(c4, "b3", Pathway.NoFurtherAction, Utc(2026, 3, 5, 12), "walsall-north", NfaReason.InformationOnly);

        var c5 = Contact("c5", Police, Utc(2026, 3, 6), Child("k1", Gender.Male, "WBRI", 2015, 6, 1));
        yield return c5;
        yield return Routed(c5, "k1", Pathway.EarlyHelp, Utc(2026, 3, 6, 12), "walsall-north");

        var c6 = Contact("c6", Police, Utc(2026, 3, 9), Child("d1", Gender.Male, "WBRI", 2016, 5, 5));
        yield return c6;
        yield return Triaged(c6, "d1", Utc(2026, 3, 9, 10, 1), "walsall-north");
        yield return new ContactWithdrawn { Header = Header("c6", "", Utc(2026, 3, 9, 13)), ChildIds = { "d1" }, Reason = "Raised in error" };

        var c7 = Contact("c7", School, Utc(2026, 3, 2, 8, 30), Child("e1", Gender.Female, "BAFR", 2018, 7, 7, repeat: true));
        yield return c7;
        yield return Routed(c7, "e1", Pathway.EarlyHelp, Utc(2026, 3, 2, 11), "walsall-north");

        var c8 = Contact("c8", School, Utc(2026, 3, 10), Child("e2", Gender.Male, "WBRI", 2013, 3, 3), Child("e3", Gender.Female, "WBRI", 2013, 3, 3));
        yield return c8;
        yield return Routed(c8, "e2", Pathway.NoFurtherAction, Utc(2026, 3, 10, 12), "walsall-north", NfaReason.AdviceAndSignposting);
        yield return Triaged(c8, "e3", Utc(2026, 3, 10, 10, 1), "walsall-north");

        var c9 = Contact("c9", School, Utc(2026, 3, 11), Child("e4", Gender.Male, "WBRI", 2012, 12, 12));
        yield return c9;
        yield return Routed(c9, "e4", Pathway.ChildInNeed, Utc(2026, 3, 11, 12), "walsall-north", alreadyOpen: true);

        var e5 = new ChildFacts { ChildId = "e5", ExpectedDateOfBirth = new Date { Year = 2026, Month = 5, Day = 1 }, Postcode = "LS1 1AA" };
        var c10 = Contact("c10", School, Utc(2026, 3, 13, 23, 30), e5);
        yield return c10;
        yield return Routed(c10, "e5", Pathway.NoFurtherAction, Utc(2026, 3, 16), "", NfaReason.TransferToOtherLocalAuthority);

        var c11 = Contact("c11", School, Utc(2026, 3, 14, 0, 30), Child("e6", Gender.Male, "WBRI", 2014, 4, 4));
        yield return c11;
        yield return Routed(c11, "e6", Pathway.NoFurtherAction, Utc(2026, 3, 14, 12), "walsall-north", NfaReason.AdviceAndSignposting);

        var c12 = Contact("c12", "", Utc(2026, 3, 12), Child("p1", Gender.Female, "WBRI", 2020, 2, 2, disability: Disability.Yes), ReferralSource.Anonymous);
        yield return c12;
        yield return Routed(c12, "p1", Pathway.ChildProtection, Utc(2026, 3, 12, 11), "walsall-south", source: ReferralSource.Anonymous, rule: "WAL-001");
        yield return new AllocationQueued
        {
            Header = Header("c12", "p1", Utc(2026, 3, 12, 12)), AllocationId = "alloc-c12-p1", Pathway = Pathway.ChildProtection,
            Locality = "walsall-south", TeamId = "walsall-south-cp", Reason = QueueReason.NoCapacity,
        };
        yield return Conference("c12", "alloc-c12-p1", ConferenceOutcome.ChildProtectionPlan, Utc(2026, 3, 26));
        yield return Strategy("c12", "p1", "alloc-c12-p1", StrategyOutcome.Section47Enquiry, Utc(2026, 3, 12, 15));

        var c13 = Contact("c13", Police, Utc(2026, 3, 5), Child("w1", Gender.Male, "WBRI", 2016, 1, 1), authority: "wolverhampton");
        yield return c13;
        yield return Routed(c13, "w1", Pathway.NoFurtherAction, Utc(2026, 3, 5, 12), "wolverhampton-east", NfaReason.InformationOnly);

        yield return new EarlyHelpAssessmentRecorded
        {
            Header = Header("c5", "", Utc(2026, 3, 20, 15)), EpisodeId = "ep1", ChildIds = { "k1" }, AssessmentId = "as1",
            AssessmentDate = new Date { Year = 2026, Month = 3, Day = 20 }, CompletedByOrganisation = "St Mary's, Walsall",
        };
        yield return Opened("ep1", "c5", Utc(2026, 3, 6, 13), "walsall", "k1");
        yield return Closed("ep2", "c7", Utc(2026, 3, 25), Utc(2026, 3, 2, 12), "e1");
        yield return Opened("ep2", "c7", Utc(2026, 3, 2, 12), "walsall", "e1");
        yield return Opened("ep3", "", Utc(2025, 6, 1), "walsall", "x1");
        yield return Closed("ep3", "", Utc(2025, 8, 1), Utc(2025, 6, 1), "x1");
        yield return Opened("ep4", "", Utc(2025, 5, 1), "walsall", "b2");
        yield return Opened("ep5", "c13", Utc(2026, 3, 5, 13), "wolverhampton", "w1");
        yield return new EarlyHelpAssessmentRecorded
        {
            Header = Header("c13", "", Utc(2026, 3, 16, 15), "wolverhampton"), EpisodeId = "ep5", ChildIds = { "w1" }, AssessmentId = "as5",
            AssessmentDate = new Date { Year = 2026, Month = 3, Day = 16 }, CompletedByOrganisation = HostileOrganisation,
        };
    }

    /// <summary>An organisation name a spreadsheet would run as a formula (OWASP, CSV Injection).</summary>
    public const string HostileOrganisation = "=HYPERLINK(\"http://attacker.example\",\"Click\")";

    static ChildFacts Child(string id, Gender gender, string ethnicity, int year, int month, int day, bool repeat = false,
        Disability disability = Disability.No) => new()
    {
        ChildId = id, Gender = gender, Ethnicity = ethnicity, Disability = disability, RepeatContact = repeat,
        DateOfBirth = new Date { Year = year, Month = month, Day = day }, Postcode = "WS1 1TP",
    };

    static ContactReceived Contact(string id, string agency, DateTimeOffset at, ChildFacts child, ReferralSource? source = null, string authority = "walsall") =>
        Contact(id, agency, at, [child], source, authority);

    static ContactReceived Contact(string id, string agency, DateTimeOffset at, ChildFacts first, ChildFacts second) =>
        Contact(id, agency, at, [first, second], null, "walsall");

    static ContactReceived Contact(string id, string agency, DateTimeOffset at, ChildFacts[] children, ReferralSource? source, string authority) => new()
    {
        Header = Header(id, "", at, authority),
        Facts = new ContactFacts
        {
            ReferralSource = source ?? (agency == Police ? ReferralSource.Police : ReferralSource.Schools),
            ReferrerAgency = agency,
            ReferrerAgencyKind = agency switch { Police => AgencyKind.Police, School => AgencyKind.Education, _ => AgencyKind.Unspecified },
            ReceivedAt = Timestamp.FromDateTimeOffset(at),
            Children = { children },
        },
    };

    static ChildRouted Routed(ContactReceived contact, string childId, Pathway pathway, DateTimeOffset at, string locality,
        NfaReason nfa = NfaReason.Unspecified, ReferralSource source = ReferralSource.Unspecified, bool alreadyOpen = false, string rule = "", bool overrides = false) => new()
    {
        WinningRuleId = rule,
        OverridesRecommendation = overrides,
        Header = Header(contact.Header.ContactId, childId, at, contact.Header.LocalAuthority),
        DecisionId = Guid.NewGuid().ToString(),
        Pathway = pathway,
        NfaReason = nfa,
        Locality = locality,
        ReferralSource = source,
        AlreadyOpen = alreadyOpen,
        OpenPathway = alreadyOpen ? pathway : Pathway.Unspecified,
    };

    static ChildTriaged Triaged(ContactReceived contact, string childId, DateTimeOffset at, string locality) => new()
    {
        Header = Header(contact.Header.ContactId, childId, at), Locality = locality, Evaluation = 1,
    };

    static CaseAllocated Allocated(string contactId, string childId, string allocationId, string team, string worker, DateTimeOffset at) => new()
    {
        Header = Header(contactId, childId, at), AllocationId = allocationId, TeamId = team, WorkerId = worker,
    };

    static StrategyDiscussionRecorded Strategy(string contactId, string childId, string allocationId, StrategyOutcome outcome, DateTimeOffset at) => new()
    {
        Header = Header(contactId, childId, at), AllocationId = allocationId, HeldAt = Timestamp.FromDateTimeOffset(at), Outcome = outcome,
    };

    /// <summary>An assessment whose header names no child: audit knows it by its allocation id.</summary>
    static AssessmentCompleted Assessed(string contactId, string allocationId, DateTimeOffset at) => new()
    {
        Header = Header(contactId, "", at), AllocationId = allocationId,
        CompletedAt = Timestamp.FromDateTimeOffset(at), Outcome = AssessmentOutcome.ChildInNeedPlan,
    };

    /// <summary>A conference whose header names no child, like the assessment's.</summary>
    static InitialConferenceRecorded Conference(string contactId, string allocationId, ConferenceOutcome outcome, DateTimeOffset at) => new()
    {
        Header = Header(contactId, "", at), AllocationId = allocationId, HeldAt = Timestamp.FromDateTimeOffset(at), Outcome = outcome,
    };

    static EarlyHelpEpisodeOpened Opened(string episodeId, string contactId, DateTimeOffset at, string authority, params string[] childIds) => new()
    {
        Header = Header(contactId, "", at, authority), EpisodeId = episodeId, ChildIds = { childIds },
        Origin = EpisodeOrigin.MashRouting, RoutedAt = Timestamp.FromDateTimeOffset(at),
    };

    static EpisodeClosed Closed(string episodeId, string contactId, DateTimeOffset at, DateTimeOffset openedAt, params string[] childIds) => new()
    {
        Header = Header(contactId, "", at), EpisodeId = episodeId, ChildIds = { childIds },
        Outcome = EpisodeOutcome.NeedsMet, OpenedAt = Timestamp.FromDateTimeOffset(openedAt),
    };

    static EventHeader Header(string contactId, string childId, DateTimeOffset at, string authority = "walsall") => new()
    {
        EventId = Guid.NewGuid().ToString(),
        OccurredAt = Timestamp.FromDateTimeOffset(at),
        ContactId = contactId,
        ChildId = childId,
        LocalAuthority = authority,
        Actor = new Actor { Subject = "screener-walsall", Role = Role.Screener, LocalAuthority = authority },
        CorrelationId = contactId,
    };
}
