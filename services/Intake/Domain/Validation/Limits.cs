namespace Mash.Intake.Domain.Validation;

/// <summary>The bounds a contact must keep: generous for real referrals, tight enough to refuse junk.</summary>
public static class Limits
{
    public const int IdempotencyKey = 100;
    public const int Name = 100;
    public const int ShortText = 200;
    public const int Detail = 4_000;
    public const int Narrative = 10_000;
    public const int Children = 20;
    public const int Household = 30;
    public const int Concerns = 50;
    public const int AddressLines = 5;

    /// <summary>An unborn child's expected date is at most ten months after receipt.</summary>
    public const int UnbornMonthsAhead = 10;

    /// <summary>A baby overdue by up to four weeks may still be reported as unborn.</summary>
    public const int UnbornDaysOverdue = 28;

    /// <summary>Children's services act for children under 18 on receipt.</summary>
    public const int AdultAge = 18;
}
