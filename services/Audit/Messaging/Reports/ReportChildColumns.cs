namespace Mash.Audit.Messaging.Reports;

/// <summary>One group of columns of a report_children row (see <see cref="ReportRowColumns"/>).</summary>
static class ReportChildColumns
{
    public static Task UpsertAsync(ReportWrites writes, string contactId, string childId, string guard, DateTimeOffset at,
        IReadOnlyList<(string Column, object? Value)> values, CancellationToken cancellationToken) =>
        ReportRowColumns.UpsertAsync(writes, "report_children", [("contact_id", contactId), ("child_id", childId)], guard, at, values, cancellationToken);
}
