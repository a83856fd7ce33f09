namespace Mash.Audit.Data.Reports;

/// <summary>A contact as the reports see it (report_contacts): who referred, when, to which authority.</summary>
public sealed class ReportContact
{
    public required string ContactId { get; init; }
    public required string LocalAuthority { get; init; }

    /// <summary>Null until ContactReceived has arrived (another event may have started the row).</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    public int ReferralSource { get; init; }
    public required string ReferrerAgency { get; init; }
    public int ReferrerAgencyKind { get; init; }

    /// <summary>Set by a withdrawal that named no children, so it covers every child of the contact.</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }
}
