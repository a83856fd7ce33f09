using Mash.Contracts.Common.V1;
using NodaTime;

namespace Mash.Allocation.Domain;

/// <summary>A child's age in whole years today, for the worker's list and for early help brokerage.</summary>
public static class ChildAge
{
    /// <summary>From the date of birth when known; otherwise the age given at routing (0 for an unborn child).</summary>
    public static int YearsOn(Date? dateOfBirth, LocalDate today, int atRouting)
    {
        if (dateOfBirth is null) return atRouting;
        try
        {
            var born = new LocalDate(dateOfBirth.Year, dateOfBirth.Month, dateOfBirth.Day);
            return born > today ? 0 : Period.Between(born, today, PeriodUnits.Years).Years;
        }
        catch (ArgumentOutOfRangeException) { return atRouting; }
    }
}
