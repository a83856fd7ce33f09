using System.Globalization;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Console.Forms;

/// <summary>
/// The partner's contact form as posted. It only reshapes what was typed into the API's request:
/// intake validates it and its messages are shown next to the fields, so the form and the API can
/// never disagree about what a valid contact is.
/// </summary>
public sealed class SubmitContactForm
{
    /// <summary>Made when the form is first shown and posted back, so pressing submit twice makes one contact.</summary>
    public string IdempotencyKey { get; set; } = "";
    public string AgencyName { get; set; } = "";
    public AgencyKind AgencyKind { get; set; }
    public ReferralSource ReferralSource { get; set; }
    public string ReferrerName { get; set; } = "";
    public string ReferrerRole { get; set; } = "";
    public string ReferrerPhone { get; set; } = "";
    public string ReferrerEmail { get; set; } = "";
    public List<ChildInput> Children { get; set; } = [new()];
    public List<PersonInput> Household { get; set; } = [];
    public List<ConcernInput> Concerns { get; set; } = [new()];
    public string Narrative { get; set; } = "";
    public bool ImmediateRisk { get; set; }
    public bool InformationOnly { get; set; }
    public DomesticAbuseRisk DomesticAbuseRisk { get; set; }
    public bool PreviousChildrenRemoved { get; set; }
    public bool CareProceedings { get; set; }
    public ConsentState ConsentState { get; set; }
    public string ConsentGivenBy { get; set; } = "";
    public string ConsentReason { get; set; } = "";
    public string ConsentDecidedBy { get; set; } = "";

    /// <summary>The request, sent as <paramref name="agency"/> (the user's own agency claim: intake checks it too).</summary>
    public SubmitContactRequest ToRequest(string agency) => new()
    {
        IdempotencyKey = IdempotencyKey,
        Referrer = new Referrer
        {
            Agency = agency, AgencyName = AgencyName.Trim(), AgencyKind = AgencyKind, ReferralSource = ReferralSource,
            Name = ReferrerName.Trim(), Role = ReferrerRole.Trim(), Phone = ReferrerPhone.Trim(), Email = ReferrerEmail.Trim(),
        },
        Children = { Children.Select(c => c.ToChild()) },
        Household = { Household.Select(p => p.ToPerson()) },
        Concerns = { Concerns.Select(c => c.ToMessage()) },
        Narrative = Narrative.Trim(),
        ImmediateRisk = ImmediateRisk,
        InformationOnly = InformationOnly,
        DomesticAbuseRisk = DomesticAbuseRisk,
        PreviousChildrenRemoved = PreviousChildrenRemoved,
        CareProceedings = CareProceedings,
        Consent = new Consent { State = ConsentState, GivenBy = ConsentGivenBy.Trim(), Reason = ConsentReason.Trim(), DecidedBy = ConsentDecidedBy.Trim() },
    };

    /// <summary>A date input's value (yyyy-MM-dd) as the contracts' Date; null when empty or not a date.</summary>
    public static Date? ToDate(string value) =>
        DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new Date { Year = d.Year, Month = d.Month, Day = d.Day }
            : null;
}

public sealed class ChildInput
{
    public string GivenNames { get; set; } = "";
    public string FamilyName { get; set; } = "";
    /// <summary>The date of birth, or the expected date when <see cref="Unborn"/>.</summary>
    public string BirthDate { get; set; } = "";
    public bool Unborn { get; set; }
    public Gender Gender { get; set; }
    public string NhsNumber { get; set; } = "";
    public string AddressLine1 { get; set; } = "";
    public string AddressLine2 { get; set; } = "";
    public string Town { get; set; } = "";
    public string Postcode { get; set; } = "";
    public bool NotIndependentlyMobile { get; set; }
    public bool NowhereSafeToSleepTonight { get; set; }
    public ExploitationRisk ExploitationRisk { get; set; }

    public Child ToChild()
    {
        var child = new Child
        {
            GivenNames = GivenNames.Trim(), FamilyName = FamilyName.Trim(), Gender = Gender, NhsNumber = NhsNumber.Trim(),
            NotIndependentlyMobile = NotIndependentlyMobile, NowhereSafeToSleepTonight = NowhereSafeToSleepTonight, ExploitationRisk = ExploitationRisk,
            Address = new Address { Town = Town.Trim(), Postcode = Postcode.Trim(), Lines = { new[] { AddressLine1, AddressLine2 }.Select(l => l.Trim()).Where(l => l.Length > 0) } },
        };
        if (SubmitContactForm.ToDate(BirthDate) is { } date)
        {
            if (Unborn) child.ExpectedDateOfBirth = date;
            else child.DateOfBirth = date;
        }
        return child;
    }
}

public sealed class PersonInput
{
    public string GivenNames { get; set; } = "";
    public string FamilyName { get; set; } = "";
    public Relationship Relationship { get; set; }
    public string BirthDate { get; set; } = "";
    public bool LivesWithChildren { get; set; } = true;
    public bool HasParentalResponsibility { get; set; }

    public Person ToPerson() => new()
    {
        GivenNames = GivenNames.Trim(), FamilyName = FamilyName.Trim(), Relationship = Relationship,
        DateOfBirth = SubmitContactForm.ToDate(BirthDate), LivesWithChildren = LivesWithChildren, HasParentalResponsibility = HasParentalResponsibility,
    };
}

public sealed class ConcernInput
{
    public ConcernCategory Category { get; set; }
    public ConcernSubject Subject { get; set; }
    public string Detail { get; set; } = "";

    bool IsBlank => Category == ConcernCategory.Unspecified && Subject == ConcernSubject.Unspecified && Detail.Trim().Length == 0;

    public Concern ToMessage() => new() { Category = Category, Subject = Subject, Detail = Detail.Trim() };

    /// <summary>The rows a person filled in: an optional row left blank is not sent, so the service speaks only of rows in use.</summary>
    public static IEnumerable<Concern> Filled(IEnumerable<ConcernInput> rows) => rows.Where(r => !r.IsBlank).Select(r => r.ToMessage());
}
