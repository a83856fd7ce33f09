using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain.Validation;

static class DateRules
{
    public static bool IsCalendarDate(Date? date) =>
        date is { Year: >= 1900 and <= 9999, Month: >= 1 and <= 12 } && date.Day >= 1 && date.Day <= DateTime.DaysInMonth(date.Year, date.Month);

    public static DateOnly ToDateOnly(this Date date) => new(date.Year, date.Month, date.Day);
}
