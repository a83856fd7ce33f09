namespace Mash.Intake.Domain;

/// <summary>When agency checks are due, and when an answer is late.</summary>
public static class AgencyCheckRules
{
    /// <summary>
    /// Checks must be back before the MASH decision is due: the earliest decision deadline among the
    /// checked children, which their RAG rating set (thresholds computes it on working days).
    /// </summary>
    public static DateTimeOffset? DueAt(IEnumerable<DateTimeOffset?> decisionDeadlines) =>
        decisionDeadlines.Any(d => d is null) ? null : decisionDeadlines.Min();

    public static bool IsLate(DateTimeOffset answeredAt, DateTimeOffset dueAt) => answeredAt > dueAt;
}
