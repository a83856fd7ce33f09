using Mash.Audit.Domain.Reports;
using Mash.Contracts.Audit.V1;

namespace Mash.Audit.Reports;

/// <summary>Report figures as the audit API's messages.</summary>
public static class ReportMessages
{
    public static PathwayCount ToMessage(PathwayFigure figure) =>
        new() { Pathway = figure.Pathway, Count = figure.Count, Share = figure.Share };

    public static NfaReasonCount ToMessage(NfaReasonFigure figure) =>
        new() { Reason = figure.Reason, Count = figure.Count, Share = figure.Share };

    public static AgencyFeedback ToMessage(AgencyFigures agency) => new()
    {
        Agency = agency.Agency,
        AgencyKind = agency.AgencyKind,
        Contacts = agency.Figures.Contacts,
        Children = agency.Figures.Children,
        Outcomes = { agency.Figures.Outcomes.Select(ToMessage) },
        NfaReasons = { agency.Figures.NfaReasons.Select(ToMessage) },
        NfaRate = agency.Figures.NfaRate,
        Pending = agency.Figures.Pending,
        Withdrawn = agency.Figures.Withdrawn,
    };
}
