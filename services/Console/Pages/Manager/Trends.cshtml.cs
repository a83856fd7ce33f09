using System.Globalization;
using System.Text;
using Mash.Console.Display;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Mvc;

namespace Mash.Console.Pages.Manager;

/// <summary>One week of the trend: audit's timeliness report for those days.</summary>
public sealed record WeekFigures(Week Week, GetTimelinessReportResponse Report)
{
    public double WithinOneDay(Rag rag) => Report.DecisionsByRag.FirstOrDefault(r => r.Rag == rag)?.ShareWithinOneWorkingDay ?? 0;

    public long Decisions(Rag rag) => Report.DecisionsByRag.FirstOrDefault(r => r.Rag == rag)?.Decisions ?? 0;

    /// <summary>Clocks of a kind that stopped late in the week (missed).</summary>
    public long Missed(ClockKind kind) => Report.Clocks.FirstOrDefault(c => c.Clock == kind) is { } c ? c.Count - c.OnTime : 0;
}

/// <summary>
/// Managers' trends over a chosen period, week by week: contacts, conversion to referral, re-contacts
/// within 12 months, decisions within one working day by RAG, clocks missed by kind; and over the
/// whole period, overrides of the recommendation by rule. Each chart has its data in a table beside
/// it, and the weekly figures download as CSV. Audit computes every figure (its timeliness report,
/// once per week and once for the period); the console only lays them out.
/// </summary>
public sealed class TrendsModel(AuditService.AuditServiceClient audit, TimeProvider time) : ReportPageModel(time)
{
    public const int DefaultWeeks = 12;

    public static readonly Rag[] Rags = [Rag.Red, Rag.Amber, Rag.Green];
    public static readonly ClockKind[] ClockKinds = Enum.GetValues<ClockKind>().Where(k => k != ClockKind.Unspecified).ToArray();

    public IReadOnlyList<WeekFigures> Weeks { get; private set; } = [];
    public GetTimelinessReportResponse Whole { get; private set; } = null!;

    public BarChart Contacts => BarChart.OfCounts("Contacts received per week", Weeks.Select(w => (w.Week.Label, w.Report.Contacts)));
    public BarChart Conversion => BarChart.OfShares("Children referred to social care (conversion), per week", Weeks.Select(w => (w.Week.Label, w.Report.ConversionRate)));
    public BarChart Recontacts => BarChart.OfShares("Children with a contact in the 12 months before, per week", Weeks.Select(w => (w.Week.Label, w.Report.RecontactRate12Months)));
    public BarChart WithinOneDay => BarChart.OfShares("Decisions within one working day, by RAG, over the period", Whole.DecisionsByRag.Select(r => (Labels.Of(r.Rag), r.ShareWithinOneWorkingDay)));
    public BarChart MissedByClock => BarChart.OfCounts("Clocks missed, by clock, over the period", ClockKinds.Select(k => (Labels.Of(k), Weeks.Sum(w => w.Missed(k)))));
    public BarChart Overrides => BarChart.OfShares("Decisions that overrode the recommendation, by rule", Whole.OverridesByRule.Take(10).Select(r => (RuleLabel(r.RuleId), r.OverrideShare)));

    public static string RuleLabel(string ruleId) => ruleId.Length > 0 ? ruleId : "No rule recorded";

    public async Task OnGetAsync(CancellationToken cancel) => await LoadAsync(cancel);

    /// <summary>The weekly figures as CSV (one row a week), for a spreadsheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancel)
    {
        await LoadAsync(cancel);
        return File(Encoding.UTF8.GetBytes(Csv(Weeks)), "text/csv; charset=utf-8", $"mash-trends-{Period.FromText}-to-{Period.ToText}.csv");
    }

    /// <summary>The period given, or the last twelve weeks when none is.</summary>
    async Task LoadAsync(CancellationToken cancel)
    {
        if (From is null && To is null)
        {
            var today = LondonTime.Today(Time);
            (From, To) = (today.AddDays(-7 * DefaultWeeks + 1).ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd"));
        }
        var weeks = Display.Week.Of(Period.From, Period.To);
        var reports = await Task.WhenAll(weeks.Select(w => ReportAsync(new Forms.Period(w.From, w.To), cancel)).Append(ReportAsync(Period, cancel)));
        Weeks = weeks.Select((w, i) => new WeekFigures(w, reports[i])).ToList();
        Whole = reports[^1];
    }

    Task<GetTimelinessReportResponse> ReportAsync(Forms.Period period, CancellationToken cancel) =>
        audit.GetTimelinessReportAsync(new GetTimelinessReportRequest { From = period.Start, To = period.End }, cancellationToken: cancel).ResponseAsync;

    public static string Csv(IEnumerable<WeekFigures> weeks)
    {
        static string F(double share) => share.ToString("0.####", CultureInfo.InvariantCulture);
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "week_from", "week_to", "contacts", "children", "referrals", "conversion_rate", "recontact_rate_12_months" }
            .Concat(Rags.SelectMany(r => new[] { $"decisions_{r.ToString().ToLowerInvariant()}", $"within_one_working_day_{r.ToString().ToLowerInvariant()}" }))
            .Concat(ClockKinds.Select(k => $"missed_{EnumNames(k)}"))));
        foreach (var w in weeks)
            csv.AppendLine(string.Join(",", new[]
                {
                    w.Week.From.ToString("yyyy-MM-dd"), w.Week.To.ToString("yyyy-MM-dd"), w.Report.Contacts.ToString(CultureInfo.InvariantCulture),
                    w.Report.Children.ToString(CultureInfo.InvariantCulture), w.Report.Referrals.ToString(CultureInfo.InvariantCulture),
                    F(w.Report.ConversionRate), F(w.Report.RecontactRate12Months),
                }
                .Concat(Rags.SelectMany(r => new[] { w.Decisions(r).ToString(CultureInfo.InvariantCulture), F(w.WithinOneDay(r)) }))
                .Concat(ClockKinds.Select(k => w.Missed(k).ToString(CultureInfo.InvariantCulture)))));
        return csv.ToString();
    }

    /// <summary>MashDecision → mash_decision, for column names.</summary>
    static string EnumNames(ClockKind kind) => string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
