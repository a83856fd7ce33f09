using System.Globalization;
using Grpc.Core;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;
using static Mash.Audit.Tests.Service.Events;

namespace Mash.Audit.Tests.Service;

/// <summary>Audit with its clock read from a file the test moves (Audit__Clocks__TimeFile), polling every 100 ms.</summary>
public sealed class ClockedAuditHost : AuditHost
{
    public static readonly DateTimeOffset Start = At("2026-12-22T08:00:00Z");

    ClockFile Clock => new(Folder);

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Audit__Clocks__TimeFile"] = Clock.Path,
        ["Audit__Clocks__PollInterval"] = "00:00:00.1",
    };

    public override async ValueTask InitializeAsync()
    {
        await SetTimeAsync(Start);
        await base.InitializeAsync();
    }

    /// <summary>Moves the service's clock.</summary>
    public Task SetTimeAsync(DateTimeOffset now) => Clock.SetAsync(now);

    /// <summary>Moves the clock and waits until the scheduler has made a whole pass at that time.</summary>
    public async Task PassAtAsync(DateTimeOffset now)
    {
        await SetTimeAsync(now);
        await Eventually.Until(() => Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM clock_scheduler WHERE last_pass_at = $1", now), n => n == 1, $"a scheduler pass at {now:O}");
    }

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToUniversalTime();
}

/// <summary>
/// Each clock fires at risk (a fifth of its office time left) and breached (due) on time across the
/// Christmas 2026 weekend and bank holidays, with no other event arriving; breaches list and the
/// timeliness report count them.
/// </summary>
public sealed class ClockTests(ClockedAuditHost host) : IClassFixture<ClockedAuditHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static DateTimeOffset At(string iso) => ClockedAuditHost.At(iso);

    [Fact]
    public async Task Every_clock_raises_at_risk_and_breach_on_time_across_a_weekend_and_bank_holidays_and_the_breaches_are_listed()
    {
        var (atRisk, breached) = (await host.CaptureAsync<ClockAtRisk>(), await host.CaptureAsync<ClockBreached>());
        await host.PassAtAsync(ClockedAuditHost.Start);
        var (contactA, contactC, contactD, contactE) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var (a, c, d, e, check, episode) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(),
            Guid.NewGuid().ToString(), Guid.NewGuid().ToString());

        // A: received on Christmas Eve, amber (one working day: the whole of Tuesday 29th); police asked to check by then. Never decided.
        // C: routed to child protection on Christmas Day. D: routed on the 23rd, a s47 strategy discussion held the same day.
        // E: received at 20:00 on the 29th, red (four real hours): no office time before it is due, so no at-risk alert, only the breach.
        // C's and D's case clocks are allocation's, as it announces them with the cases' events.
        var (cRouted, dRouted) = (At("2026-12-25T10:00:00Z"), At("2026-12-23T09:00:00Z"));
        var (cDiscussion, cSeen, cAssessment) = (CaseClock(ClockKind.StrategyDiscussion, cRouted), CaseClock(ClockKind.ChildSeen, cRouted), CaseClock(ClockKind.AssessmentCompleted, cRouted));
        var (dDiscussion, dSeen, dAssessment) = (CaseClock(ClockKind.StrategyDiscussion, dRouted), CaseClock(ClockKind.ChildSeen, dRouted), CaseClock(ClockKind.AssessmentCompleted, dRouted));
        var dConference = CaseClock(ClockKind.InitialChildProtectionConference, At("2026-12-23T16:00:00Z"));
        await host.RecordAsync(
            Received(contactA, At("2026-12-24T15:00:00Z"), "walsall", a),
            Triaged(contactA, a, At("2026-12-24T15:00:01Z"), Rag.Amber, At("2026-12-30T00:00:00Z")),
            new AgencyChecksRequested { Header = Header(contactA, at: At("2026-12-24T15:30:00Z")), ChildIds = { a }, Rag = Rag.Amber,
                Checks = { new AgencyCheckRef { CheckId = check, Agency = "wmp", AgencyKind = AgencyKind.Police, DueAt = Ts(At("2026-12-30T00:00:00Z")) } } },
            Received(contactE, At("2026-12-29T20:00:00Z"), "walsall", e),
            Triaged(contactE, e, At("2026-12-29T20:00:01Z"), Rag.Red, At("2026-12-30T00:00:00Z")),
            Received(contactC, At("2026-12-25T09:00:00Z"), "walsall", c),
            Routed(contactC, c, cRouted, Pathway.ChildProtection, "walsall-north"),
            Received(contactD, At("2026-12-23T08:30:00Z"), "walsall", d),
            Routed(contactD, d, dRouted, Pathway.ChildProtection),
            Queued(contactD, d, dRouted, "al-d", "walsall-south", clocks: [dDiscussion, dSeen, dAssessment]),
            new StrategyDiscussionRecorded { Header = Header(contactD, d, At("2026-12-23T16:05:00Z")), AllocationId = "al-d", HeldAt = Ts(At("2026-12-23T16:00:00Z")),
                Outcome = StrategyOutcome.Section47Enquiry, Clocks = { dDiscussion.Stopped(At("2026-12-23T16:00:00Z")), dSeen, dAssessment, dConference } },
            Allocated(contactC, c, At("2026-12-29T09:00:00Z"), "al-c", "walsall-north", "walsall-north-1", "w-3", cDiscussion, cSeen, cAssessment),
            // Early Help runs the lead professional clock and raises its own alerts: audit records them and raises none.
            new EarlyHelpEpisodeOpened { Header = Header(contactA, at: At("2026-12-23T10:00:00Z")), EpisodeId = episode, ChildIds = { a }, Locality = "walsall-south",
                RoutedAt = Ts(At("2026-12-23T10:00:00Z")), LeadProfessionalDueAt = Ts(At("2026-12-31T10:00:00Z")) });
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = ANY($1) AND started_at IS NOT NULL",
            (object)new[] { contactA, contactC, contactD, contactE }), n => n == 13, "the thirteen clocks");

        // Each at-risk point in office hours, where 80% of the real time put some at night or on a
        // bank holiday (C's strategy discussion at 02:00, its child seen on a Sunday afternoon).
        var expected = new (string Clock, bool Breach, DateTimeOffset At)[]
        {
            ($"mash_decision/{contactA}/{a}", false, At("2026-12-29T15:00:00Z")),           // 10 office hours given, 2 left
            ($"agency_check_answered/{check}", false, At("2026-12-29T15:06:00Z")),          // 9 h 30 min given, 1 h 54 min left
            (cDiscussion.AuditId(), false, At("2026-12-29T15:24:00Z")),                     // the first working day after Christmas
            ($"mash_decision/{contactA}/{a}", true, At("2026-12-30T00:00:00Z")),
            ($"agency_check_answered/{check}", true, At("2026-12-30T00:00:00Z")),
            (cDiscussion.AuditId(), true, At("2026-12-30T00:00:00Z")),
            ($"mash_decision/{contactE}/{e}", true, At("2026-12-30T00:00:00Z")),
            (cSeen.AuditId(), false, At("2027-01-05T09:00:00Z")),                           // one office day of five left
            (cSeen.AuditId(), true, At("2027-01-06T00:00:00Z")),
            (dConference.AuditId(), false, At("2027-01-13T16:48:00Z")),
            (dConference.AuditId(), true, At("2027-01-19T00:00:00Z")),                      // the end of day 15
            (cAssessment.AuditId(), false, At("2027-02-18T09:00:00Z")),                     // nine office days of 45 left
            (cAssessment.AuditId(), true, At("2027-03-03T00:00:00Z")),
        };
        var seen = new List<(string, bool, DateTimeOffset)>();
        async Task CollectAsync()
        {
            seen.AddRange((await host.DrainAsync<ClockAtRisk>(atRisk)).Select(e => (e.Clock.ClockId, false, e.Header.OccurredAt.ToDateTimeOffset())));
            seen.AddRange((await host.DrainAsync<ClockBreached>(breached)).Select(e => (e.Clock.ClockId, true, e.Header.OccurredAt.ToDateTimeOffset())));
        }
        bool Raised((string Clock, bool Breach, DateTimeOffset At) alert) => seen.Any(s => s.Item1 == alert.Clock && s.Item2 == alert.Breach);

        foreach (var alert in expected.GroupBy(e => e.At))
        {
            // A second before: the scheduler has looked and raised nothing for these.
            await host.PassAtAsync(alert.Key.AddSeconds(-1));
            await CollectAsync();
            Assert.DoesNotContain(alert, Raised);
            foreach (var (clock, breach, _) in alert)
                Assert.Equal(0, await Sql.CountAsync(host.Database,
                    $"SELECT count(*) FROM clocks WHERE clock_id = $1 AND {(breach ? "breached_raised_at" : "at_risk_raised_at")} IS NOT NULL", clock));

            // At the instant: raised, saying when the clock crossed the line.
            await host.PassAtAsync(alert.Key);
            await Eventually.Until(async () => { await CollectAsync(); return alert.All(Raised); }, done => done, $"the alerts due {alert.Key:O}");
        }
        await CollectAsync();
        var ours = seen.Where(s => expected.Any(e => e.Clock == s.Item1)).ToList();
        Assert.Equal(expected.OrderBy(e => e.Clock).ThenBy(e => e.Breach), ours.OrderBy(s => s.Item1).ThenBy(s => s.Item2));
        Assert.DoesNotContain(seen, s => s.Item1.StartsWith("lead_professional_allocated/", StringComparison.Ordinal));

        var breaches = await host.Manager.ListBreachesAsync(new ListBreachesRequest(), cancellationToken: Cancel);
        var childSeen = breaches.Breaches.Single(b => b.Clock.ClockId == cSeen.AuditId());
        Assert.Equal((ClockKind.ChildSeen, ClockState.Breached, c, contactC, "walsall-north", "w-3", "al-c"),
            (childSeen.Clock.Kind, childSeen.Clock.State, childSeen.ChildId, childSeen.ContactId, childSeen.Locality, childSeen.HeldBy, childSeen.SubjectId));
        Assert.Equal(breaches.Breaches.Select(b => b.Clock.DueAt.ToDateTimeOffset()).Order(), breaches.Breaches.Select(b => b.Clock.DueAt.ToDateTimeOffset()));
        var check1 = breaches.Breaches.Single(b => b.Clock.Kind == ClockKind.AgencyCheckAnswered);
        Assert.Equal((check, "wmp", Rag.Amber), (check1.SubjectId, check1.HeldBy, check1.Rag));
    }

    [Fact]
    public async Task Breaches_are_filtered_by_locality_clock_and_deadline_dates_paged_earliest_first_and_kept_to_the_callers_authority()
    {
        var contact = Guid.NewGuid().ToString();
        var children = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToArray();
        // Three children routed to child in need in Wolverhampton's east locality on three days; a fourth elsewhere.
        var events = new List<Google.Protobuf.IMessage> { Received(contact, At("2026-11-30T09:00:00Z"), "wolverhampton", children) };
        for (var i = 0; i < 3; i++)
        {
            var (at, locality) = (At($"2026-12-0{i + 1}T10:00:00Z"), i == 2 ? "wolverhampton-west" : "wolverhampton-east");
            var routed = Routed(contact, children[i], at, Pathway.ChildInNeed, locality);
            routed.Header.LocalAuthority = "wolverhampton";
            events.Add(routed);
            events.Add(Queued(contact, children[i], at, $"al-{i}", locality, "wolverhampton", CaseClock(ClockKind.ChildSeen, at), CaseClock(ClockKind.AssessmentCompleted, at)));
        }
        await host.RecordAsync([.. events]);
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND started_at IS NOT NULL", contact), n => n == 9, "the clocks");
        await host.PassAtAsync(At("2026-12-12T09:00:00Z"));
        var manager = host.ClientAs(Role.Manager, authority: "wolverhampton");

        // Child seen was due by the end of 8, 9 and 10 December (five working days each).
        var request = new ListBreachesRequest { Locality = "wolverhampton-east", Clocks = { ClockKind.ChildSeen }, PageSize = 1 };
        var first = await manager.ListBreachesAsync(request, cancellationToken: Cancel);
        request.PageToken = first.NextPageToken;
        var second = await manager.ListBreachesAsync(request, cancellationToken: Cancel);
        Assert.Equal([children[0], children[1]], first.Breaches.Concat(second.Breaches).Select(b => b.ChildId));
        Assert.Equal("", second.NextPageToken);
        Assert.Equal(At("2026-12-09T00:00:00Z"), first.Breaches[0].Clock.DueAt.ToDateTimeOffset());
        // A breach names the child and who holds the case: each page listed is a read of those children's records, in their trail.
        foreach (var child in children[..2])
            await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM trail_entries WHERE event_type = 'mash.events.v1.RecordViewed'"
                + " AND $1 = ANY(child_ids) AND local_authority = 'wolverhampton' AND summary LIKE '%mash.audit.v1.AuditService/ListBreaches%'", child),
                n => n >= 1, $"the manager's listing in child {child}'s trail");

        var dated = await manager.ListBreachesAsync(new ListBreachesRequest { From = new Date { Year = 2026, Month = 12, Day = 9 }, To = new Date { Year = 2026, Month = 12, Day = 10 } }, cancellationToken: Cancel);
        Assert.Equal([children[1], children[2]], dated.Breaches.Where(b => b.ContactId == contact).Select(b => b.ChildId));
        Assert.All(dated.Breaches, b => Assert.Equal("wolverhampton", b.LocalAuthority));

        // Assessments (45 working days) are not yet at risk; with include_at_risk the ones at risk are shown.
        Assert.DoesNotContain((await manager.ListBreachesAsync(new ListBreachesRequest { Clocks = { ClockKind.AssessmentCompleted }, IncludeAtRisk = true }, cancellationToken: Cancel)).Breaches,
            b => b.ContactId == contact);
        await host.PassAtAsync(At("2027-01-27T12:00:00Z"));
        var atRisk = await manager.ListBreachesAsync(new ListBreachesRequest { Clocks = { ClockKind.AssessmentCompleted }, IncludeAtRisk = true }, cancellationToken: Cancel);
        Assert.Contains(atRisk.Breaches, b => b.ContactId == contact && b.Clock.State == ClockState.AtRisk);
        Assert.DoesNotContain((await manager.ListBreachesAsync(new ListBreachesRequest { Clocks = { ClockKind.AssessmentCompleted } }, cancellationToken: Cancel)).Breaches,
            b => b.ContactId == contact);

        // Walsall's managers see none of these; asking for Wolverhampton is refused.
        Assert.DoesNotContain((await host.Manager.ListBreachesAsync(new ListBreachesRequest(), cancellationToken: Cancel)).Breaches, b => b.ContactId == contact);
        var denied = await Assert.ThrowsAsync<RpcException>(() => host.Manager.ListBreachesAsync(new ListBreachesRequest { LocalAuthority = "wolverhampton" }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => manager.ListBreachesAsync(new ListBreachesRequest
        {
            From = new Date { Year = 2026, Month = 2, Day = 30 }, To = new Date { Year = 2026, Month = 1, Day = 1 }, Clocks = { ClockKind.Unspecified }, PageToken = "?",
        }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(["from", "clocks[0]", "page_token"], invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_manager_records_why_a_clock_was_missed_and_the_breach_list_the_report_and_the_trail_show_it()
    {
        var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        // Routed to child in need on Monday 1 February 2027: child seen due by the end of Monday 8th.
        var routedAt = At("2027-02-01T10:00:00Z");
        var seen = CaseClock(ClockKind.ChildSeen, routedAt);
        await host.RecordAsync(Received(contact, At("2027-02-01T09:00:00Z"), "walsall", child), Routed(contact, child, routedAt, Pathway.ChildInNeed),
            Queued(contact, child, routedAt, "al-m", "walsall-south", clocks: [seen, CaseClock(ClockKind.AssessmentCompleted, routedAt)]));
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND started_at IS NOT NULL", contact), n => n == 3, "the clocks");
        var seenClock = seen.AuditId();

        // Before its due there is nothing to explain; and a reason is one of the list, with a note when it is "other".
        await host.PassAtAsync(At("2027-02-08T12:00:00Z"));
        var early = await Assert.ThrowsAsync<RpcException>(() => host.Manager.RecordMissReasonAsync(
            new RecordMissReasonRequest { ClockId = seenClock, Reason = MissReason.ChildNotFound }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        await host.PassAtAsync(At("2027-02-10T12:00:00Z"));
        var invalid = await Assert.ThrowsAsync<RpcException>(() => host.Manager.RecordMissReasonAsync(
            new RecordMissReasonRequest { ClockId = seenClock, Reason = MissReason.Other }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(["note"], invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        var unspecified = await Assert.ThrowsAsync<RpcException>(() => host.Manager.RecordMissReasonAsync(
            new RecordMissReasonRequest { ClockId = "", Reason = MissReason.Unspecified }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(["clock_id", "reason"], unspecified.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        // An auditor reads reasons but does not give them; another authority's manager does not find the clock.
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Auditor).RecordMissReasonAsync(
            new RecordMissReasonRequest { ClockId = seenClock, Reason = MissReason.ChildNotFound }, cancellationToken: Cancel).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Manager, authority: "wolverhampton").RecordMissReasonAsync(
            new RecordMissReasonRequest { ClockId = seenClock, Reason = MissReason.ChildNotFound }, cancellationToken: Cancel).ResponseAsync)).StatusCode);

        var recorded = await host.Manager.RecordMissReasonAsync(new RecordMissReasonRequest
        {
            ClockId = seenClock, Reason = MissReason.ChildNotFound, Note = "Fictional: two visits, nobody home; school says the family is away.",
        }, cancellationToken: Cancel);
        Assert.Equal((ClockState.Breached, MissReason.ChildNotFound, Role.Manager), (recorded.Breach.Clock.State, recorded.Breach.MissReason, recorded.Breach.MissRecordedBy.Role));

        var listed = (await host.Manager.ListBreachesAsync(new ListBreachesRequest { Clocks = { ClockKind.ChildSeen } }, cancellationToken: Cancel)).Breaches
            .Single(b => b.Clock.ClockId == seenClock);
        Assert.Equal((MissReason.ChildNotFound, "Fictional: two visits, nobody home; school says the family is away.", At("2027-02-10T12:00:00Z")),
            (listed.MissReason, listed.MissNote, listed.MissRecordedAt.ToDateTimeOffset()));
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database,
            "SELECT count(*) FROM trail_entries WHERE event_type = 'mash.events.v1.ClockMissReasonRecorded' AND $1 = ANY(child_ids)", child), n => n == 1,
            "the reason in the child's trail");

        var report = await host.Manager.GetTimelinessReportAsync(new GetTimelinessReportRequest
        {
            // As the clocks stand now (the 10th): the report counts them as at the end of the period or now, whichever is first.
            From = new Date { Year = 2027, Month = 2, Day = 1 }, To = new Date { Year = 2027, Month = 2, Day = 28 },
        }, cancellationToken: Cancel);
        Assert.Equal([(MissReason.ChildNotFound, 1L)], report.Clocks.Single(c => c.Clock == ClockKind.ChildSeen).MissReasons.Select(r => (r.Reason, r.Clocks)));
        Assert.Empty(report.Clocks.Single(c => c.Clock == ClockKind.AssessmentCompleted).MissReasons);
    }

    [Fact]
    public async Task Each_authority_s_clocks_are_at_risk_in_its_own_office_hours()
    {
        // The same amber decision, received at 07:00 on Tuesday 29 December and due at its end, in two hubs:
        // Wolverhampton opens at 08:30 (seeds/calendar/office-hours.yaml), Walsall at 09:00.
        var received = At("2026-12-29T07:00:00Z");
        var expected = new Dictionary<string, DateTimeOffset> { ["wolverhampton"] = At("2026-12-29T15:18:00Z"), ["walsall"] = At("2026-12-29T15:24:00Z") };
        foreach (var (authority, atRisk) in expected)
        {
            var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
            var triaged = Triaged(contact, child, received, Rag.Amber, At("2026-12-30T00:00:00Z"));
            triaged.Header.LocalAuthority = authority;
            await host.RecordAsync(Received(contact, received, authority, child), triaged);
            await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND at_risk_at = $2", contact, atRisk),
                n => n == 1, $"{authority}'s decision at risk at {atRisk:HH:mm}");
        }
    }

    [Fact]
    public async Task The_timeliness_report_counts_each_clock_and_the_decisions_within_one_working_day_by_RAG()
    {
        // Contacts in a quiet authority: red decided in 2 hours, amber over the weekend (in time), amber late, one still waiting.
        const string authority = "testshire";
        var received = At("2026-12-04T15:00:00Z"); // a Friday
        (Rag Rag, string? DecidedAt)[] children = [(Rag.Red, "2026-12-04T17:00:00Z"), (Rag.Amber, "2026-12-07T15:00:00Z"), (Rag.Amber, "2026-12-08T09:00:00Z"), (Rag.Green, null)];
        var events = new List<Google.Protobuf.IMessage>();
        foreach (var (rag, decided) in children)
        {
            var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
            events.Add(Received(contact, received, authority, child));
            var triaged = Triaged(contact, child, received, rag, At("2026-12-08T00:00:00Z")); // the end of Monday
            triaged.Header.LocalAuthority = authority;
            events.Add(triaged);
            if (decided is null) continue;
            var routed = Routed(contact, child, At(decided), Pathway.NoFurtherAction, "testshire-central");
            (routed.Header.LocalAuthority, routed.Rag) = (authority, rag);
            events.Add(routed);
        }
        await host.RecordAsync([.. events]);
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE local_authority = $1 AND started_at IS NOT NULL AND due_at IS NOT NULL", authority),
            n => n == 4, "the decision clocks");
        await host.SetTimeAsync(At("2026-12-20T12:00:00Z"));

        var report = await host.ClientAs(Role.Auditor, authority: authority).GetTimelinessReportAsync(new GetTimelinessReportRequest
        {
            From = new Date { Year = 2026, Month = 12, Day = 1 }, To = new Date { Year = 2026, Month = 12, Day = 31 },
        }, cancellationToken: Cancel);

        Assert.Equal((authority, 2026, 12, 31), (report.LocalAuthority, report.From.Year, report.From.Month, report.To.Day));
        var decisions = report.Clocks.Single(c => c.Clock == ClockKind.MashDecision);
        Assert.Equal((3L, 2L, 1L, 1L), (decisions.Count, decisions.OnTime, decisions.Open, decisions.OpenBreached));
        Assert.Equal(TimeSpan.FromDays(3), decisions.MedianElapsed.ToTimeSpan());
        // In working time: 2, 8 and 10 office hours (Friday's last two, then Monday's and Tuesday's).
        Assert.Equal((TimeSpan.FromHours(8), TimeSpan.FromHours(9.6)), (decisions.MedianWorking.ToTimeSpan(), decisions.P90Working.ToTimeSpan()));
        Assert.Equal(7, report.Clocks.Count);
        Assert.Equal([(Rag.Red, 1L, 1L), (Rag.Amber, 2L, 1L), (Rag.Green, 0L, 0L)],
            report.DecisionsByRag.Select(r => (r.Rag, r.Decisions, r.WithinOneWorkingDay)));
        Assert.Equal(0.5, report.DecisionsByRag[1].ShareWithinOneWorkingDay);

        // Staff report on their own authority only; from and to are required.
        var denied = await Assert.ThrowsAsync<RpcException>(() => host.Manager.GetTimelinessReportAsync(new GetTimelinessReportRequest
        {
            LocalAuthority = authority, From = new Date { Year = 2026, Month = 12, Day = 1 }, To = new Date { Year = 2026, Month = 12, Day = 31 },
        }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var invalid = await Assert.ThrowsAsync<RpcException>(() => host.Manager.GetTimelinessReportAsync(new GetTimelinessReportRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(["from", "to"], invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task A_case_s_events_leave_its_clocks_as_allocation_last_left_them_in_whatever_order_they_arrive()
    {
        var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var routedAt = At("2026-12-29T10:00:00Z");
        var (seen, assessment) = (CaseClock(ClockKind.ChildSeen, routedAt), CaseClock(ClockKind.AssessmentCompleted, routedAt));
        // The visit's event overtakes the allocation that opened the case.
        var visit = new ChildSeenRecorded { Header = Header(contact, child, At("2026-12-30T12:00:00Z")), AllocationId = "al-x", SeenAt = Ts(At("2026-12-30T11:00:00Z")),
            Clocks = { seen.Stopped(At("2026-12-30T11:00:00Z")), assessment } };
        await host.RecordAsync(visit);
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND started_at IS NOT NULL", contact), n => n == 2, "the case's clocks");
        await host.RecordAsync(Allocated(contact, child, At("2026-12-29T12:00:00Z"), "al-x", "walsall-south", "walsall-south-2", "w-9", seen, assessment));
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND held_by = 'w-9'", contact), n => n == 1,
            "the running clock held by the worker");

        Assert.Equal(1, await Sql.CountAsync(host.Database,
            "SELECT count(*) FROM clocks WHERE clock_id = $1 AND started_at = $2 AND stopped_at = $3 AND subject_id = 'al-x' AND locality = 'walsall-south'",
            seen.AuditId(), routedAt, At("2026-12-30T11:00:00Z")));
        Assert.Equal(1, await Sql.CountAsync(host.Database,
            "SELECT count(*) FROM clocks WHERE clock_id = $1 AND stopped_at IS NULL AND cancelled_at IS NULL AND held_by = 'w-9' AND due_at = $2",
            assessment.AuditId(), assessment.DueAt.ToDateTimeOffset()));

        // The family is stepped down: allocation cancels what still runs, and audit follows, raising nothing for it after.
        await host.RecordAsync(new StepDownRequested { Header = Header(contact, child, At("2027-01-04T10:00:00Z")), AllocationId = "al-x",
            Clocks = { seen.Stopped(At("2026-12-30T11:00:00Z")), CancelledAt(assessment, At("2027-01-04T10:00:00Z")) } });
        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE clock_id = $1 AND cancelled_at = $2",
            assessment.AuditId(), At("2027-01-04T10:00:00Z")), n => n == 1, "the assessment clock cancelled");
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND stopped_at IS NULL AND cancelled_at IS NULL", contact));
    }

    [Fact]
    public async Task A_case_open_across_the_upgrade_has_its_old_clocks_retired_by_the_case_s_own_with_its_next_event()
    {
        var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var routedAt = At("2026-12-29T10:00:00Z");
        // The rows an earlier audit worked out from the routing (kind, contact and child), still running.
        foreach (var (kind, name) in new[] { (ClockKind.ChildSeen, "child_seen"), (ClockKind.AssessmentCompleted, "assessment_completed") })
            await Sql.CountAsync(host.Database,
                "WITH made AS (INSERT INTO clocks (clock_id, kind, raised_by_audit, contact_id, child_ids, local_authority, started_at, due_at)"
                + " VALUES ($1, $2, true, $3, ARRAY[$4], 'walsall', $5, $6) RETURNING 1) SELECT count(*) FROM made",
                $"{name}/{contact}/{child}", (int)kind, contact, child, routedAt, routedAt.AddDays(10));

        var (seen, assessment) = (CaseClock(ClockKind.ChildSeen, routedAt), CaseClock(ClockKind.AssessmentCompleted, routedAt));
        await host.RecordAsync(new ChildSeenRecorded { Header = Header(contact, child, At("2026-12-30T12:00:00Z")), AllocationId = "al-u", SeenAt = Ts(At("2026-12-30T11:00:00Z")),
            Clocks = { seen.Stopped(At("2026-12-30T11:00:00Z")), assessment } });

        await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE clock_id = ANY($1) AND cancelled_at IS NOT NULL",
            (object)new[] { $"child_seen/{contact}/{child}", $"assessment_completed/{contact}/{child}" }), n => n == 2, "the old rows retired");
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND cancelled_at IS NULL AND stopped_at IS NULL AND clock_id = $2",
            contact, assessment.AuditId()));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND cancelled_at IS NULL AND stopped_at IS NOT NULL AND clock_id = $2",
            contact, seen.AuditId()));
        Assert.Equal(2, await Sql.CountAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND cancelled_at IS NULL", contact));
    }

    static Clock CancelledAt(Clock clock, DateTimeOffset at)
    {
        var cancelled = clock.Clone();
        cancelled.CancelledAt = Ts(at);
        return cancelled;
    }

    [Fact]
    public async Task A_conference_clock_takes_the_case_s_locality_and_holder_whether_the_allocation_came_with_the_routing_or_apart()
    {
        foreach (var together in new[] { true, false })
        {
            var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
            var routedAt = At("2026-12-29T10:00:00Z");
            var discussion = CaseClock(ClockKind.StrategyDiscussion, routedAt);
            var routed = Routed(contact, child, routedAt, Pathway.ChildProtection, locality: "walsall-north");
            var allocated = Allocated(contact, child, At("2026-12-29T11:00:00Z"), "al-cp", "walsall-north", "walsall-north-1", "w-7", discussion);
            if (together) await host.RecordAsync(routed, allocated);
            else { await host.RecordAsync(routed); await host.RecordAsync(allocated); }

            // Started by the strategy discussion, whose event names no locality: the case's other clocks have the locality and the holder.
            var conference = CaseClock(ClockKind.InitialChildProtectionConference, At("2026-12-29T14:00:00Z"));
            await host.RecordAsync(new StrategyDiscussionRecorded { Header = Header(contact, child, At("2026-12-29T15:00:00Z")), AllocationId = "al-cp",
                HeldAt = Ts(At("2026-12-29T14:00:00Z")), Outcome = StrategyOutcome.Section47Enquiry, Clocks = { discussion.Stopped(At("2026-12-29T14:00:00Z")), conference } });

            var icpc = conference.AuditId();
            await Eventually.Until(() => Sql.CountOrZeroAsync(host.Database, "SELECT count(*) FROM clocks WHERE clock_id = $1 AND started_at IS NOT NULL", icpc), n => n == 1, "the conference clock");
            Assert.Equal(1, await Sql.CountAsync(host.Database,
                "SELECT count(*) FROM clocks WHERE clock_id = $1 AND locality = 'walsall-north' AND held_by = 'w-7' AND subject_id = 'al-cp'", icpc));
        }
    }
}
