using Mash.Console.Display;
using Mash.Contracts.Audit.V1;

namespace Mash.Console.Pages.Manager;

/// <summary>Per referring agency: how many contacts, what became of the children, the common NFA reasons.</summary>
public sealed class FeedbackModel(AuditService.AuditServiceClient audit, TimeProvider time) : ReportPageModel(time)
{
    public IReadOnlyList<AgencyFeedback> Agencies { get; private set; } = [];

    public BarChart NfaRates => BarChart.OfShares("No further action, share of each agency's children", Agencies.Select(a => (a.Agency, a.NfaRate)));

    public async Task OnGetAsync(CancellationToken cancel)
    {
        Agencies = (await audit.GetReferrerFeedbackAsync(new GetReferrerFeedbackRequest { From = Period.Start, To = Period.End }, cancellationToken: cancel)).Agencies;
    }
}
