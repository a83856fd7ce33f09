using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// The clocks after the front door (when one is at risk: <see cref="WorkingCalendar.AtRisk"/>). The 45-day assessment and the
/// 15-day initial conference are Working Together to Safeguard Children 2023's; the same-day
/// strategy discussion, the child seen within 5 working days and the lead professional within 48
/// working hours are this product's defaults for what the guidance leaves to local protocol.
/// One table, so early help, allocation and audit never disagree on a deadline. Which clocks a case
/// runs, and from when, is the owner's (allocation's StatutoryClocks, early help's LeadProfessionalClock).
/// </summary>
public static class ClockAllowances
{
    public static IReadOnlyDictionary<ClockKind, Allowance> Defaults { get; } = new Dictionary<ClockKind, Allowance>
    {
        // "Within 48 hours" of early help counts working hours: a Friday referral is not late on Sunday.
        [ClockKind.LeadProfessionalAllocated] = new(WorkingHours: 48),
        [ClockKind.StrategyDiscussion] = new(SameWorkingDay: true),
        [ClockKind.ChildSeen] = new(WorkingDays: 5),
        [ClockKind.InitialChildProtectionConference] = new(WorkingDays: 15),
        [ClockKind.AssessmentCompleted] = new(WorkingDays: 45),
    };

    /// <summary>
    /// The allowances a rule set gave, as events carry them (ClockAllowance), over the defaults:
    /// a kind the rule set did not give keeps its default.
    /// </summary>
    public static IReadOnlyDictionary<ClockKind, Allowance> With(IEnumerable<ClockAllowance> given)
    {
        var allowances = new Dictionary<ClockKind, Allowance>(Defaults);
        foreach (var entry in given)
            if (FromMessage(entry) is { } allowance) allowances[entry.Clock] = allowance;
        return allowances;
    }

    /// <summary>The allowances as events carry them, in kind order.</summary>
    public static IEnumerable<ClockAllowance> ToMessages(IReadOnlyDictionary<ClockKind, Allowance> allowances) =>
        allowances.OrderBy(a => a.Key).Select(a => ToMessage(a.Key, a.Value));

    public static ClockAllowance ToMessage(ClockKind kind, Allowance allowance)
    {
        var message = new ClockAllowance { Clock = kind };
        if (allowance.Hours is { } hours) message.Hours = hours;
        else if (allowance.WorkingDays is { } days) message.WorkingDays = days;
        else if (allowance.WorkingHours is { } workingHours) message.WorkingHours = workingHours;
        else message.SameWorkingDay = allowance.SameWorkingDay;
        return message;
    }

    /// <summary>Null for an entry that gives no allowance (a newer sender's kind this one does not know, say).</summary>
    public static Allowance? FromMessage(ClockAllowance message) => message.AllowanceCase switch
    {
        ClockAllowance.AllowanceOneofCase.Hours => new(Hours: message.Hours),
        ClockAllowance.AllowanceOneofCase.WorkingDays => new(WorkingDays: message.WorkingDays),
        ClockAllowance.AllowanceOneofCase.SameWorkingDay when message.SameWorkingDay => new(SameWorkingDay: true),
        ClockAllowance.AllowanceOneofCase.WorkingHours => new(WorkingHours: message.WorkingHours),
        _ => null,
    };
}
