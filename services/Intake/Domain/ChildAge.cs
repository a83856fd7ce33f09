using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>A child's age on a day, in whole years and whole months (an unborn child is 0 and 0).</summary>
public readonly record struct ChildAge(int Years, int Months)
{
    public static ChildAge On(DateOnly dateOfBirth, DateOnly day)
    {
        if (day < dateOfBirth) return new ChildAge(0, 0);
        var months = (day.Year - dateOfBirth.Year) * 12 + day.Month - dateOfBirth.Month;
        if (day.Day < dateOfBirth.Day) months--;
        return new ChildAge(months / 12, months);
    }

    public static DateOnly ToDateOnly(Date date) => new(date.Year, date.Month, date.Day);
}
