using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Console.Forms;

/// <summary>
/// A partner's answer to a multi-agency check. Three indicator rows are offered; a row left blank is
/// not sent, so intake's own messages speak only of rows the partner filled in.
/// </summary>
public sealed class CheckAnswerForm
{
    public const int IndicatorRows = 3;

    public CheckFinding Finding { get; set; }
    public string Summary { get; set; } = "";
    public List<ConcernInput> Indicators { get; set; } = [.. Enumerable.Range(0, IndicatorRows).Select(_ => new ConcernInput())];

    public RecordAgencyCheckRequest ToRequest(string checkId) => new()
    {
        CheckId = checkId,
        Finding = Finding,
        Summary = Summary.Trim(),
        Indicators = { ConcernInput.Filled(Indicators) },
    };
}
