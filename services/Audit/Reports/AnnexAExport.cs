using Mash.Audit.Data;
using Mash.Audit.Domain.Reports;
using Mash.Audit.Domain.Reports.AnnexA;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NodaTime;

namespace Mash.Audit.Reports;

/// <summary>
/// The rows of an Annex A list for one authority and window, from the report projections, in
/// date order. Rows are read whole (a six-month list of one authority is thousands of rows, not
/// millions) so that the export can record which children it shows before it sends any.
/// </summary>
public sealed class AnnexAExport(AuditDbContext db)
{
    public Task<IReadOnlyList<AnnexARecord>> RecordsAsync(AnnexAList list, string authority, ReportPeriod window, CancellationToken cancellationToken) => list switch
    {
        AnnexAList.Contacts => ContactsAsync(authority, window, cancellationToken),
        AnnexAList.EarlyHelp => EarlyHelpAsync(authority, window, cancellationToken),
        AnnexAList.Referrals => ReferralsAsync(authority, window, cancellationToken),
        AnnexAList.Section47 => Section47Async(authority, window, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(list), list, "not a list Mash exports"),
    };

    /// <summary>List 1: every child of every contact received in the window (a contact about three children is three rows).</summary>
    async Task<IReadOnlyList<AnnexARecord>> ContactsAsync(string authority, ReportPeriod window, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<ChildRow>("""
            SELECT ch.child_id, ch.contact_id, ch.gender, ch.ethnicity, ch.disability, ch.birth_date,
                   c.received_at, c.referral_source
            FROM report_children ch JOIN report_contacts c ON c.contact_id = ch.contact_id
            WHERE c.local_authority = @authority AND c.received_at >= @start AND c.received_at < @end
            ORDER BY c.received_at, c.contact_id, ch.child_id
            """, Parameters(authority, window.Start, window.End)).ToListAsync(cancellationToken);
        return rows.Select(r => new AnnexARecord(r.Child())
        {
            ContactDate = ReportPeriod.DateOf(r.ReceivedAt),
            Source = (ReferralSource)r.ReferralSource,
        }).ToList();
    }

    /// <summary>
    /// List 3: census referrals (children routed to CIN or CP, not already open) from contacts
    /// received in the window; the referral date is the contact's receipt. Referrals of the 12
    /// months before the window are read too, to count each child's earlier referrals.
    /// </summary>
    async Task<IReadOnlyList<AnnexARecord>> ReferralsAsync(string authority, ReportPeriod window, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<ReferralRow>("""
            SELECT ch.child_id, ch.contact_id, ch.gender, ch.ethnicity, ch.disability, ch.birth_date,
                   c.received_at, c.referral_source, ch.routed_referral_source,
                   coalesce(a.strategy_outcome, 0) AS strategy_outcome, a.assessment_completed_at IS NOT NULL AS assessed, ch.team_id, ch.worker_id
            FROM report_children ch JOIN report_contacts c ON c.contact_id = ch.contact_id
            LEFT JOIN report_allocations a ON a.allocation_id = ch.allocation_id AND ch.allocation_id <> ''
            WHERE c.local_authority = @authority AND c.received_at >= @start AND c.received_at < @end
              AND ch.pathway IN (3, 4) AND NOT ch.already_open
            ORDER BY c.received_at, c.contact_id, ch.child_id
            """, Parameters(authority, window.Start.AddMonths(-12), window.End)).ToListAsync(cancellationToken);

        var events = rows.ToDictionary(r => r, r => new ChildEvent(r.ContactId, r.ChildId, r.ReceivedAt));
        var earlier = ChildHistory.EarlierWithin12Months(events.Values);
        return rows.Where(r => r.ReceivedAt >= window.Start).Select(r => new AnnexARecord(r.Child())
        {
            ReferralDate = ReportPeriod.DateOf(r.ReceivedAt),
            Source = CensusReferral.Source((ReferralSource)r.RoutedReferralSource, (ReferralSource)r.ReferralSource),
            ReferralNfa = CensusReferral.IsNfa((StrategyOutcome)r.StrategyOutcome, r.Assessed),
            ReferralsLast12Months = earlier[events[r]],
            AllocatedTeam = r.TeamId,
            AllocatedWorker = r.WorkerId,
        }).ToList();
    }

    /// <summary>
    /// List 2: every child of every early help episode open at some time in the window (opened by
    /// its end, not closed before its start), so current interventions are listed with the
    /// assessments of the period. The start date is the episode's opening; the completion date
    /// and organisation are those of its latest assessment (empty until one is recorded).
    /// </summary>
    async Task<IReadOnlyList<AnnexARecord>> EarlyHelpAsync(string authority, ReportPeriod window, CancellationToken cancellationToken)
    {
        var episodes = await db.Database.SqlQueryRaw<EpisodeRow>("""
            SELECT e.episode_id, e.child_ids, e.opened_at, a.assessment_date, coalesce(a.completed_by_organisation, '') AS organisation
            FROM report_early_help_episodes e
            LEFT JOIN LATERAL (
                SELECT assessment_date, completed_by_organisation FROM report_early_help_assessments
                WHERE episode_id = e.episode_id ORDER BY assessment_date DESC NULLS LAST, recorded_at DESC LIMIT 1) a ON true
            WHERE e.local_authority = @authority AND e.opened_at IS NOT NULL AND e.opened_at < @end
              AND (e.closed_at IS NULL OR e.closed_at >= @start)
            ORDER BY e.opened_at, e.episode_id
            """, Parameters(authority, window.Start, window.End)).ToListAsync(cancellationToken);

        // The census attributes of each child as last reported by a contact about them.
        var childIds = episodes.SelectMany(e => e.ChildIds).Distinct().ToArray();
        var children = (await db.Database.SqlQueryRaw<ChildRow>("""
            SELECT DISTINCT ON (ch.child_id) ch.child_id, ch.contact_id, ch.gender, ch.ethnicity, ch.disability, ch.birth_date,
                   c.received_at, c.referral_source
            FROM report_children ch JOIN report_contacts c ON c.contact_id = ch.contact_id
            WHERE ch.child_id = ANY(@ids) AND ch.facts_at IS NOT NULL AND c.received_at IS NOT NULL
            ORDER BY ch.child_id, ch.facts_at DESC
            """, new NpgsqlParameter("ids", childIds)).ToListAsync(cancellationToken)).ToDictionary(c => c.ChildId, c => c.Child());

        return episodes.SelectMany(e => e.ChildIds.Order(StringComparer.Ordinal).Select(childId =>
            new AnnexARecord(children.GetValueOrDefault(childId) ?? AnnexAChild.Unknown(childId))
            {
                AssessmentStartDate = ReportPeriod.DateOf(e.OpenedAt),
                AssessmentCompletionDate = e.AssessmentDate is { } d ? LocalDate.FromDateOnly(d) : null,
                AssessmentOrganisation = e.Organisation,
            })).ToList();
    }

    /// <summary>
    /// List 5: one row per section 47 enquiry (a strategy discussion that decided one) started in
    /// the window, with its conference and the child's team and worker. Enquiries of the 12 months
    /// before the window are read too, to count each child's earlier enquiries, and every
    /// conference of the children listed, to count theirs.
    /// </summary>
    async Task<IReadOnlyList<AnnexARecord>> Section47Async(string authority, ReportPeriod window, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<EnquiryRow>("""
            SELECT ch.child_id, ch.contact_id, ch.gender, ch.ethnicity, ch.disability, ch.birth_date,
                   c.received_at, c.referral_source, a.allocation_id, a.strategy_at, a.assessment_outcome,
                   a.conference_outcome, a.conference_at, ch.team_id, ch.worker_id
            FROM report_allocations a
            JOIN report_children ch ON ch.allocation_id = a.allocation_id
            JOIN report_contacts c ON c.contact_id = ch.contact_id
            WHERE c.local_authority = @authority AND a.strategy_outcome = @section47
              AND a.strategy_at >= @start AND a.strategy_at < @end
            ORDER BY a.strategy_at, a.allocation_id, ch.child_id
            """, [.. Parameters(authority, window.Start.AddMonths(-12), window.End), new NpgsqlParameter("section47", (int)StrategyOutcome.Section47Enquiry)])
            .ToListAsync(cancellationToken);
        var listed = rows.Where(r => r.StrategyAt >= window.Start).ToList();

        var childIds = listed.Select(r => r.ChildId).Distinct().ToArray();
        var conferences = (await db.Database.SqlQueryRaw<ConferenceRow>("""
            SELECT ch.child_id, a.conference_at
            FROM report_allocations a JOIN report_children ch ON ch.allocation_id = a.allocation_id
            WHERE ch.child_id = ANY(@ids) AND a.conference_at IS NOT NULL
            """, new NpgsqlParameter("ids", childIds)).ToListAsync(cancellationToken)).ToLookup(c => c.ChildId, c => c.ConferenceAt);

        var events = rows.ToDictionary(r => r, r => new ChildEvent(r.AllocationId, r.ChildId, r.StrategyAt));
        var earlier = ChildHistory.EarlierWithin12Months(events.Values);
        return listed.Select(r => new AnnexARecord(r.Child())
        {
            StrategyDiscussionDate = ReportPeriod.DateOf(r.StrategyAt),
            ConferenceUnnecessary = Section47Enquiry.ConferenceUnnecessary(r.ConferenceAt is not null, (AssessmentOutcome)r.AssessmentOutcome),
            ConferenceDate = r.ConferenceAt is { } held ? ReportPeriod.DateOf(held) : null,
            ConferencePlan = Section47Enquiry.ResultedInPlan((ConferenceOutcome)r.ConferenceOutcome),
            Section47sLast12Months = earlier[events[r]],
            ConferencesLast12Months = ChildHistory.Within12MonthsBefore(r.StrategyAt, conferences[r.ChildId]),
            AllocatedTeam = r.TeamId,
            AllocatedWorker = r.WorkerId,
        }).ToList();
    }

    static object[] Parameters(string authority, DateTimeOffset start, DateTimeOffset end) =>
        [new NpgsqlParameter("authority", authority), new NpgsqlParameter("start", start), new NpgsqlParameter("end", end)];

    class ChildRow
    {
        public required string ChildId { get; init; }
        public required string ContactId { get; init; }
        public int Gender { get; init; }
        public required string Ethnicity { get; init; }
        public int Disability { get; init; }
        public DateOnly? BirthDate { get; init; }
        public DateTimeOffset ReceivedAt { get; init; }
        public int ReferralSource { get; init; }

        public AnnexAChild Child() => new(ChildId, (Gender)Gender, Ethnicity,
            BirthDate is { } b ? LocalDate.FromDateOnly(b) : null, (Disability)Disability);
    }

    sealed class ReferralRow : ChildRow
    {
        public int RoutedReferralSource { get; init; }
        public int StrategyOutcome { get; init; }
        public bool Assessed { get; init; }
        public required string TeamId { get; init; }
        public required string WorkerId { get; init; }
    }

    sealed class EnquiryRow : ChildRow
    {
        public required string AllocationId { get; init; }
        public DateTimeOffset StrategyAt { get; init; }
        public int AssessmentOutcome { get; init; }
        public int ConferenceOutcome { get; init; }
        public DateTimeOffset? ConferenceAt { get; init; }
        public required string TeamId { get; init; }
        public required string WorkerId { get; init; }
    }

    sealed class ConferenceRow
    {
        public required string ChildId { get; init; }
        public DateTimeOffset ConferenceAt { get; init; }
    }

    sealed class EpisodeRow
    {
        public required string EpisodeId { get; init; }
        public required string[] ChildIds { get; init; }
        public DateTimeOffset OpenedAt { get; init; }
        public DateOnly? AssessmentDate { get; init; }
        public required string Organisation { get; init; }
    }
}
