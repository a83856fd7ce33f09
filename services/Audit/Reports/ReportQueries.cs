using Mash.Audit.Data;
using Mash.Audit.Domain.Reports;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Mash.Audit.Reports;

/// <summary>The front door's figures for one referrer agency (or, with an empty agency, the public and contact centre).</summary>
public sealed record AgencyFigures(string Agency, AgencyKind AgencyKind, FrontDoorFigures Figures);

/// <summary>
/// Counts children of the contacts received in a period (Europe/London dates) from the report
/// projections; the arithmetic is <see cref="FrontDoorFigures.Compute"/>. Reading aggregated
/// figures is not a read of any child's record, so nothing here records RecordViewed.
/// </summary>
public sealed class ReportQueries(AuditDbContext db)
{
    /// <summary>
    /// Fills fields 7-13 of a timeliness report (contacts, children, referrals, conversion, NFA and
    /// re-contact rates, outcomes) for the scope already in fields 1-4 (authority, locality, from,
    /// to), which the caller has validated and checked against the caller's authority.
    /// </summary>
    public async Task AddFrontDoorFiguresAsync(GetTimelinessReportResponse response, CancellationToken cancellationToken)
    {
        var period = new ReportPeriod(ReportPeriod.ToLocalDate(response.From)!.Value, ReportPeriod.ToLocalDate(response.To)!.Value);
        var byAgency = await ByAgencyAsync(response.LocalAuthority, "", response.Locality, period, cancellationToken);
        // A contact has one referrer: the agencies' contacts add up to the authority's.
        var figures = FrontDoorFigures.Compute(byAgency.Sum(a => a.Contacts), byAgency.SelectMany(a => a.Tallies));
        response.Contacts = figures.Contacts;
        response.Children = figures.Children;
        response.Referrals = figures.Referrals;
        response.ConversionRate = figures.ConversionRate;
        response.NfaRate = figures.NfaRate;
        response.RecontactRate12Months = figures.RecontactRate;
        response.Outcomes.AddRange(figures.Outcomes.Select(ReportMessages.ToMessage));
        response.OverridesByRule.AddRange(await OverridesByRuleAsync(response.LocalAuthority, response.Locality, period, cancellationToken));
    }

    /// <summary>Routed children by the rule that decided their recommendation, with the decisions that overrode it; most overrides first.</summary>
    async Task<IEnumerable<RuleOverrides>> OverridesByRuleAsync(string authority, string locality, ReportPeriod period, CancellationToken cancellationToken)
    {
        var rows = await db.Database.SqlQueryRaw<OverrideRow>($"""
            WITH scope AS ({ScopeSql})
            SELECT winning_rule_id AS rule_id, count(*) AS decisions, count(*) FILTER (WHERE overrides_recommendation) AS overrides
            FROM scope WHERE pathway <> 0 GROUP BY 1
            """, ScopeParameters(authority, "", locality, period)).ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Overrides).ThenBy(r => r.RuleId, StringComparer.Ordinal).Select(r => new RuleOverrides
        {
            RuleId = r.RuleId, Decisions = r.Decisions, Overrides = r.Overrides, OverrideShare = r.Decisions == 0 ? 0 : (double)r.Overrides / r.Decisions,
        });
    }

    /// <summary>Per referrer agency, most contacts first; contacts from no agency (the public) are left out.</summary>
    public async Task<IReadOnlyList<AgencyFigures>> ReferrerFeedbackAsync(ReportScope scope, ReportPeriod period, CancellationToken cancellationToken)
    {
        var byAgency = await ByAgencyAsync(scope.LocalAuthority, scope.Agency, "", period, cancellationToken);
        return byAgency.Where(a => a.Agency.Length > 0)
            .Select(a => new AgencyFigures(a.Agency, a.Kind, FrontDoorFigures.Compute(a.Contacts, a.Tallies)))
            .OrderByDescending(a => a.Figures.Contacts).ThenBy(a => a.Agency, StringComparer.Ordinal)
            .ToList();
    }

    sealed record AgencyTallies(string Agency, AgencyKind Kind, long Contacts, IReadOnlyList<ChildTally> Tallies);

    async Task<IReadOnlyList<AgencyTallies>> ByAgencyAsync(string authority, string agency, string locality, ReportPeriod period, CancellationToken cancellationToken)
    {
        var tallies = await db.Database.SqlQueryRaw<TallyRow>($"""
            WITH scope AS ({ScopeSql})
            SELECT referrer_agency AS agency, pathway, nfa_reason, already_open, withdrawn, earlier_contact, count(*) AS children
            FROM scope GROUP BY 1, 2, 3, 4, 5, 6
            """, ScopeParameters(authority, agency, locality, period)).ToListAsync(cancellationToken);
        var contacts = await db.Database.SqlQueryRaw<ContactRow>($"""
            WITH scope AS ({ScopeSql})
            SELECT referrer_agency AS agency, count(DISTINCT contact_id) AS contacts,
                   (array_agg(referrer_agency_kind ORDER BY received_at DESC))[1] AS agency_kind
            FROM scope GROUP BY 1
            """, ScopeParameters(authority, agency, locality, period)).ToListAsync(cancellationToken);

        return contacts.Select(c => new AgencyTallies(c.Agency, (AgencyKind)c.AgencyKind, c.Contacts, tallies
            .Where(t => t.Agency == c.Agency)
            .Select(t => new ChildTally((Pathway)t.Pathway, (NfaReason)t.NfaReason, t.AlreadyOpen, t.Withdrawn, t.EarlierContact, t.Children))
            .ToList())).ToList();
    }

    /// <summary>The parameters of <see cref="ScopeSql"/>, new for each query (a parameter belongs to one command).</summary>
    static object[] ScopeParameters(string authority, string agency, string locality, ReportPeriod period) =>
    [
        new NpgsqlParameter("authority", authority), new NpgsqlParameter("agency", agency), new NpgsqlParameter("locality", locality),
        new NpgsqlParameter("start", period.Start), new NpgsqlParameter("end", period.End),
    ];

    /// <summary>
    /// The children of the contacts in scope, one row each, with what the figures need. A child
    /// counts as re-contacted when intake flagged an earlier contact within 12 months, or when the
    /// projection itself holds one (e.g. a contact intake matched to the child after the fact).
    /// </summary>
    const string ScopeSql = """
        SELECT ch.contact_id, ch.pathway, ch.nfa_reason, ch.already_open, ch.winning_rule_id, ch.overrides_recommendation,
               c.referrer_agency, c.referrer_agency_kind, c.received_at,
               (ch.withdrawn_at IS NOT NULL OR c.withdrawn_at IS NOT NULL) AS withdrawn,
               (ch.repeat_contact OR EXISTS (
                   SELECT 1 FROM report_children e JOIN report_contacts ec ON ec.contact_id = e.contact_id
                   WHERE e.child_id = ch.child_id AND e.contact_id <> ch.contact_id
                     AND ec.received_at < c.received_at AND ec.received_at >= c.received_at - interval '12 months')) AS earlier_contact
        FROM report_children ch JOIN report_contacts c ON c.contact_id = ch.contact_id
        WHERE c.received_at >= @start AND c.received_at < @end
          AND (@authority = '' OR c.local_authority = @authority)
          AND (@agency = '' OR c.referrer_agency = @agency)
          AND (@locality = '' OR ch.locality = @locality)
        """;

    sealed class TallyRow
    {
        public required string Agency { get; init; }
        public int Pathway { get; init; }
        public int NfaReason { get; init; }
        public bool AlreadyOpen { get; init; }
        public bool Withdrawn { get; init; }
        public bool EarlierContact { get; init; }
        public long Children { get; init; }
    }

    sealed class OverrideRow
    {
        public required string RuleId { get; init; }
        public long Decisions { get; init; }
        public long Overrides { get; init; }
    }

    sealed class ContactRow
    {
        public required string Agency { get; init; }
        public long Contacts { get; init; }
        public int AgencyKind { get; init; }
    }
}
