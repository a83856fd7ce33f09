using Mash.Console.Display;
using Mash.Contracts.Audit.V1;

namespace Mash.Console.Pages.Manager;

/// <summary>Audit's timeliness report for the manager's own authority, as tables and charts.</summary>
public sealed class TimelinessModel(AuditService.AuditServiceClient audit, TimeProvider time) : ReportPageModel(time)
{
    public GetTimelinessReportResponse Report { get; private set; } = null!;

    public BarChart ClocksOnTime => BarChart.OfShares("Clocks stopped on time", Report.Clocks.Where(c => c.Count > 0).Select(c => (Labels.Of(c.Clock), c.OnTimeShare)));
    public BarChart DecisionsByRag => BarChart.OfShares("MASH decisions within one working day, by RAG", Report.DecisionsByRag.Select(r => (Labels.Of(r.Rag), r.ShareWithinOneWorkingDay)));
    public BarChart Outcomes => BarChart.OfCounts("Children by outcome", Report.Outcomes.Select(o => (Labels.Of(o.Pathway), o.Count)));

    public async Task OnGetAsync(CancellationToken cancel)
    {
        Report = await audit.GetTimelinessReportAsync(new GetTimelinessReportRequest { From = Period.Start, To = Period.End }, cancellationToken: cancel);
    }
}
