using Grpc.Core;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;
using static Mash.Audit.Reports.Tests.Service.ReportFixture;

namespace Mash.Audit.Reports.Tests.Service;

/// <summary>
/// The report figures of the hand-counted fixture (ReportFixture), on a real audit process, real
/// PostgreSQL and RabbitMQ. Each expected number is counted in the comment above it.
/// </summary>
[Collection(AuditCollection.Name)]
public sealed class ReportTests(AuditHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static Date D(int year, int month, int day) => new() { Year = year, Month = month, Day = day };

    static GetTimelinessReportRequest Period(string locality = "") => new() { Locality = locality, From = D(2026, 3, 2), To = D(2026, 3, 13) };

    static PathwayCount Outcome(Pathway pathway, long count, long decided) => new() { Pathway = pathway, Count = count, Share = decided == 0 ? 0 : (double)count / decided };

    static NfaReasonCount Reason(NfaReason reason, long count, long nfa) => new() { Reason = reason, Count = count, Share = (double)count / nfa };

    [Fact]
    public async Task The_timeliness_report_counts_the_front_door_of_the_period()
    {
        var report = await host.ClientAs(Role.Manager).GetTimelinessReportAsync(Period(), cancellationToken: Cancel);

        Assert.Equal(("walsall", D(2026, 3, 2), D(2026, 3, 13)), (report.LocalAuthority, report.From, report.To));
        // Contacts received 2-13 March in Walsall: C1-C10 and C12 = 11 (C11 is 14 March, C13 Wolverhampton).
        Assert.Equal(11, report.Contacts);
        // Children: a1 a2 b1 b2 b3 k1 d1 e1 e2 e3 e4 e5 p1 = 13.
        Assert.Equal(13, report.Children);
        // Census referrals: a1 (CP), a2 (CIN), p1 (CP) = 3; e4 went to CIN while already open.
        Assert.Equal(3, report.Referrals);
        Assert.Equal(3.0 / 13, report.ConversionRate);
        // Decided: 13 less d1 (withdrawn) and e3 (no decision) = 11; NFA: b1 (corrected) b2 b3 e2 e5 = 5.
        Assert.Equal(5.0 / 11, report.NfaRate);
        // Earlier contact within 12 months: a1 (C0c, 20 Nov 2025), k1 (C0, 10 Jan), e1 (intake's flag) = 3;
        // a2's C0d (15 Jan 2025) is more than 12 months before.
        Assert.Equal(3.0 / 13, report.RecontactRate12Months);
        // Early help k1 e1; CIN a2 e4; CP a1 p1.
        Assert.Equal([Outcome(Pathway.NoFurtherAction, 5, 11), Outcome(Pathway.EarlyHelp, 2, 11), Outcome(Pathway.ChildInNeed, 2, 11), Outcome(Pathway.ChildProtection, 2, 11)],
            report.Outcomes);
        // Routed children of the period: a1 a2 b1 b2 b3 k1 e1 e2 e4 e5 p1 = 11. WAL-001 decided a1 a2 p1
        // (a1 overridden); WAL-032 decided b2 (overridden); the other 7 carry no rule. Most overrides
        // first, then by rule id.
        Assert.Equal(
        [
            new RuleOverrides { RuleId = "WAL-001", Decisions = 3, Overrides = 1, OverrideShare = 1.0 / 3 },
            new RuleOverrides { RuleId = "WAL-032", Decisions = 1, Overrides = 1, OverrideShare = 1.0 },
            new RuleOverrides { RuleId = "", Decisions = 7, Overrides = 0, OverrideShare = 0 },
        ], report.OverridesByRule);
    }

    [Fact]
    public async Task A_locality_narrows_the_report_to_its_children()
    {
        var report = await host.ClientAs(Role.Auditor).GetTimelinessReportAsync(Period("walsall-south"), cancellationToken: Cancel);

        // South: a1, a2 (C1) and p1 (C12): 2 contacts, 3 children, all referrals; a1 re-contacted.
        Assert.Equal((2L, 3L, 3L, 1.0, 0.0, 1.0 / 3), (report.Contacts, report.Children, report.Referrals, report.ConversionRate, report.NfaRate, report.RecontactRate12Months));
        Assert.Equal([Outcome(Pathway.NoFurtherAction, 0, 3), Outcome(Pathway.EarlyHelp, 0, 3), Outcome(Pathway.ChildInNeed, 1, 3), Outcome(Pathway.ChildProtection, 2, 3)],
            report.Outcomes);
        Assert.Equal("walsall-south", report.Locality);
    }

    [Fact]
    public async Task Referrer_feedback_splits_each_agency_s_outcomes_with_its_NFA_reasons()
    {
        var feedback = await host.ClientAs(Role.Manager).GetReferrerFeedbackAsync(
            new GetReferrerFeedbackRequest { From = D(2026, 3, 2), To = D(2026, 3, 13) }, cancellationToken: Cancel);

        // The public's C12 has no agency: not listed. Most contacts first.
        Assert.Equal([Police, School], feedback.Agencies.Select(a => a.Agency));
        var police = feedback.Agencies[0];
        // wmp: C1-C6 = 6 contacts; a1 a2 b1 b2 b3 k1 d1 = 7 children; d1 withdrawn, 6 decided:
        // NFA b1 b2 b3, early help k1, CIN a2, CP a1. NFA reasons: information only b1 b3, advice b2.
        Assert.Equal((AgencyKind.Police, 6L, 7L, 0.5, 0L, 1L), (police.AgencyKind, police.Contacts, police.Children, police.NfaRate, police.Pending, police.Withdrawn));
        Assert.Equal([Outcome(Pathway.NoFurtherAction, 3, 6), Outcome(Pathway.EarlyHelp, 1, 6), Outcome(Pathway.ChildInNeed, 1, 6), Outcome(Pathway.ChildProtection, 1, 6)], police.Outcomes);
        Assert.Equal([Reason(NfaReason.InformationOnly, 2, 3), Reason(NfaReason.AdviceAndSignposting, 1, 3)], police.NfaReasons);

        var school = feedback.Agencies[1];
        // st-marys: C7-C10 = 4 contacts; e1-e5 = 5 children; e3 pending, 4 decided: NFA e2 (advice)
        // e5 (transfer), early help e1, CIN e4. Tied reasons keep the enum order.
        Assert.Equal((AgencyKind.Education, 4L, 5L, 0.5, 1L, 0L), (school.AgencyKind, school.Contacts, school.Children, school.NfaRate, school.Pending, school.Withdrawn));
        Assert.Equal([Outcome(Pathway.NoFurtherAction, 2, 4), Outcome(Pathway.EarlyHelp, 1, 4), Outcome(Pathway.ChildInNeed, 1, 4), Outcome(Pathway.ChildProtection, 0, 4)], school.Outcomes);
        Assert.Equal([Reason(NfaReason.AdviceAndSignposting, 1, 2), Reason(NfaReason.TransferToOtherLocalAuthority, 1, 2)], school.NfaReasons);
    }

    [Fact]
    public async Task A_partner_sees_its_own_agency_in_every_authority_and_nothing_else()
    {
        var partner = host.ClientAs(Role.Partner, agency: Police);
        var feedback = await partner.GetReferrerFeedbackAsync(new GetReferrerFeedbackRequest { From = D(2026, 3, 2), To = D(2026, 3, 13) }, cancellationToken: Cancel);

        // wmp's Walsall figures plus C13 in Wolverhampton: 7 contacts, 8 children, 7 decided,
        // NFA b1 b2 b3 w1 (information only b1 b3 w1).
        var own = Assert.Single(feedback.Agencies);
        Assert.Equal((Police, 7L, 8L, 4.0 / 7, 1L), (own.Agency, own.Contacts, own.Children, own.NfaRate, own.Withdrawn));
        Assert.Equal([Reason(NfaReason.InformationOnly, 3, 4), Reason(NfaReason.AdviceAndSignposting, 1, 4)], own.NfaReasons);

        var walsallOnly = await partner.GetReferrerFeedbackAsync(
            new GetReferrerFeedbackRequest { LocalAuthority = "walsall", From = D(2026, 3, 2), To = D(2026, 3, 13) }, cancellationToken: Cancel);
        Assert.Equal((6L, 7L), (walsallOnly.Agencies.Single().Contacts, walsallOnly.Agencies.Single().Children));

        var other = await Assert.ThrowsAsync<RpcException>(() => partner.GetReferrerFeedbackAsync(
            new GetReferrerFeedbackRequest { Agency = School, From = D(2026, 3, 2), To = D(2026, 3, 13) }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, other.StatusCode);
        var report = await Assert.ThrowsAsync<RpcException>(() => partner.GetTimelinessReportAsync(Period(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, report.StatusCode);
    }

    [Fact]
    public async Task Staff_read_only_their_own_authority_and_bad_periods_are_named()
    {
        var wolverhampton = host.ClientAs(Role.Manager, authority: "wolverhampton");
        var request = Period();
        request.LocalAuthority = "walsall";
        var denied = await Assert.ThrowsAsync<RpcException>(() => wolverhampton.GetTimelinessReportAsync(request, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        // Their own authority: only C13 (w1, NFA).
        var own = await wolverhampton.GetTimelinessReportAsync(Period(), cancellationToken: Cancel);
        Assert.Equal(("wolverhampton", 1L, 1L, 1.0), (own.LocalAuthority, own.Contacts, own.Children, own.NfaRate));

        var screener = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Screener).GetTimelinessReportAsync(Period(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, screener.StatusCode);

        var bad = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Manager)
            .GetReferrerFeedbackAsync(new GetReferrerFeedbackRequest { From = D(2026, 3, 13), To = D(2026, 2, 30) }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["to"], bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task Every_event_reaches_the_trail_and_the_projections_and_a_duplicate_counts_once()
    {
        // One queue for the trail and the projections: every distinct event recorded and projected once.
        var ids = host.PublishedIds;
        await Eventually.Until(() => Sql.CountAsync(host.Database, "SELECT count(*) FROM trail_entries WHERE event_id = ANY($1)", ids),
            n => n == ids.Length, "the trail to record every fixture event", TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM report_contacts WHERE contact_id = 'c2'"));
        Assert.Equal(0, await host.QueueDepthAsync("audit-trail"));
    }
}
