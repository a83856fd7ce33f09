using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Console.Forms;

/// <summary>
/// A screener asks partner agencies what they hold. No child ticked means every child of the contact
/// (intake's own default); the idempotency key makes a double click one request.
/// </summary>
public sealed class CheckRequestForm
{
    public List<AgencyKind> Agencies { get; set; } = [];
    public List<string> ChildIds { get; set; } = [];
    public string Question { get; set; } = "";
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString();

    /// <summary>The agencies a hub most often asks, offered first.</summary>
    public static readonly AgencyKind[] Usual = [AgencyKind.Police, AgencyKind.Health, AgencyKind.Education];

    public RequestAgencyChecksRequest ToRequest(string contactId) => new()
    {
        ContactId = contactId,
        Agencies = { Agencies },
        ChildIds = { ChildIds },
        Question = Question.Trim(),
        IdempotencyKey = IdempotencyKey,
    };
}
