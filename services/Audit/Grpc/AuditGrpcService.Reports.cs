using Grpc.Core;
using Mash.Audit.Domain.Reports;
using Mash.Audit.Domain.Reports.AnnexA;
using Mash.Audit.Reports;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.Contracts.Audit.V1;
using NodaTime;

namespace Mash.Audit.Grpc;

/// <summary>
/// The reports: referrer feedback and the Annex A export (the timeliness report's front-door
/// figures come from <see cref="ReportQueries.AddFrontDoorFiguresAsync"/>, called by GetTimelinessReport). Their dependencies come from the call's services rather than the primary constructor,
/// so this half of the partial class needs nothing of the other's constructor.
/// </summary>
public sealed partial class AuditGrpcService
{
    public override async Task<GetReferrerFeedbackResponse> GetReferrerFeedback(GetReferrerFeedbackRequest request, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var violations = new List<(string, string)>();
        var period = ReportPeriod.Read(request.From, request.To, violations);
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);
        var scope = Allowed(ReportAccess.ReferrerFeedback(caller, request.LocalAuthority, request.Agency));

        var agencies = await Service<ReportQueries>(context).ReferrerFeedbackAsync(scope, period!, context.CancellationToken);
        return new GetReferrerFeedbackResponse { Agencies = { agencies.Select(ReportMessages.ToMessage) } };
    }

    /// <summary>
    /// An Annex A list: the header row (0), then one row per message. The export shows children
    /// one by one, so it is a read of their records: one RecordViewed per export, naming every
    /// child listed and the list as the resource, is stored before the first row is sent.
    /// </summary>
    public override async Task ExportAnnexA(ExportAnnexARequest request, IServerStreamWriter<ExportAnnexAResponse> responseStream, ServerCallContext context)
    {
        var caller = Access.Demand(context);
        var (spec, clock) = (Service<AnnexASpec>(context), Service<TimeProvider>(context));
        var violations = new List<(string, string)>();
        if (request.List is not (AnnexAList.Contacts or AnnexAList.EarlyHelp or AnnexAList.Referrals or AnnexAList.Section47))
            violations.Add(("list", "choose contacts (1), early help (2), referrals (3) or section 47 enquiries (Annex A list 5)"));
        var asOf = request.AsOf is null ? ReportPeriod.DateOf(clock.GetUtcNow()) : ReportPeriod.ToLocalDate(request.AsOf);
        if (asOf is null) violations.Add(("as_of", "is not a calendar date"));
        LocalDate? from = null;
        if (request.From is not null && (from = ReportPeriod.ToLocalDate(request.From)) is null) violations.Add(("from", "is not a calendar date"));
        else if (from is { } f && asOf is { } a && f > a) violations.Add(("from", "must not be after as_of"));
        if (violations.Count > 0) throw RpcErrors.InvalidArgument(violations);
        var scope = Allowed(ReportAccess.OwnAuthority(caller, request.LocalAuthority));

        var window = AnnexAWindow.For(asOf!.Value, from, spec.LookBackMonths);
        var records = await Service<AnnexAExport>(context).RecordsAsync(request.List, scope.LocalAuthority, window, context.CancellationToken);

        var listed = records.Select(r => r.Child.ChildId).Distinct().ToList();
        await Service<Data.AuditDbContext>(context).RecordViewedAsync(context, "audit", listed, "", scope.LocalAuthority,
            resourceId: $"annex-a/{request.List}/{scope.LocalAuthority}/{window.From:yyyy-MM-dd}..{window.To:yyyy-MM-dd}", clock: clock);

        await responseStream.WriteAsync(Row(request.List, 0, AnnexACells.Header(spec, request.List)), context.CancellationToken);
        var number = 0L;
        foreach (var record in records)
            await responseStream.WriteAsync(Row(request.List, ++number, AnnexACells.Row(spec, request.List, record, window.To)), context.CancellationToken);
    }

    static ExportAnnexAResponse Row(AnnexAList list, long number, IReadOnlyList<string> cells) =>
        new() { List = list, RowNumber = number, Cells = { cells }, CsvLine = CsvLine.Of(cells) };

    static ReportScope Allowed(ReportScope scope) =>
        scope.Refusal is { } refusal ? throw RpcErrors.PermissionDenied(refusal) : scope;

    static T Service<T>(ServerCallContext context) where T : notnull =>
        context.GetHttpContext().RequestServices.GetRequiredService<T>();
}
