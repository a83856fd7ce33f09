using FluentValidation;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain.Validation;

/// <summary>
/// What a contact must be to be accepted. Dates are judged against the day of receipt (UK time is
/// close enough for "in the future" and "under 18"; the clocks use Europe/London).
/// </summary>
public sealed class SubmitContactValidator : AbstractValidator<SubmitContactRequest>
{
    static readonly PerDay<SubmitContactValidator> Daily = new(day => new SubmitContactValidator(day));

    /// <summary>The validator for contacts received on <paramref name="receivedOn"/>, built once per day.</summary>
    public static SubmitContactValidator For(DateOnly receivedOn) => Daily.For(receivedOn);

    public SubmitContactValidator(DateOnly receivedOn)
    {
        FieldNames.Use();
        RuleFor(c => c.IdempotencyKey).Required(Limits.IdempotencyKey);
        RuleFor(c => c.Referrer).NotNull().WithMessage("is required").SetValidator(new ReferrerValidator());
        RuleFor(c => c.Children).NotEmpty().WithMessage("at least one child is required")
            .Must(c => c.Count <= Limits.Children).WithMessage($"at most {Limits.Children} children per contact");
        RuleForEach(c => c.Children).SetValidator(new ChildValidator(receivedOn));
        RuleFor(c => c.Household).Must(h => h.Count <= Limits.Household).WithMessage($"at most {Limits.Household} people");
        RuleForEach(c => c.Household).SetValidator(new PersonValidator(receivedOn));
        RuleFor(c => c.Concerns).NotEmpty().WithMessage("at least one concern is required")
            .Must(c => c.Count <= Limits.Concerns).WithMessage($"at most {Limits.Concerns} concerns");
        RuleForEach(c => c.Concerns).SetValidator(c => ConcernValidator.For(c.Children.Count));
        RuleFor(c => c.Narrative).Text(Limits.Narrative);
        RuleFor(c => c.Consent).NotNull().WithMessage("is required").SetValidator(new ConsentValidator(receivedOn));
        RuleFor(c => c.DomesticAbuseRisk).Known();
        RuleFor(c => c.DomesticAbuseRisk).Must((c, _) => RiskRules.HasDomesticAbuse(c.Concerns))
            .When(c => c.DomesticAbuseRisk != DomesticAbuseRisk.Unspecified).WithMessage(RiskRules.GradeNeedsDomesticAbuse);
        RuleFor(c => c.StepUpEpisodeId).Must(id => id.Length == 0 || Guid.TryParse(id, out _)).WithMessage("must be an episode id (a UUID)");
    }
}

public sealed class ReferrerValidator : AbstractValidator<Referrer>
{
    public ReferrerValidator()
    {
        RuleFor(r => r.ReferralSource).KnownAndSet();
        RuleFor(r => r.AgencyKind).Known();
        RuleFor(r => r.Agency).Text(64).Matches("^[a-z0-9-]*$").WithMessage("must be an agency id: lower-case letters, digits and hyphens");
        RuleFor(r => r.AgencyName).Text(Limits.ShortText);
        // An anonymous contact has no name; anyone else says who they are, so the hub can call back.
        RuleFor(r => r.Name).Text(Limits.ShortText);
        RuleFor(r => r.Name).NotEmpty().WithMessage("is required unless the contact is anonymous")
            .When(r => r.ReferralSource != ReferralSource.Anonymous);
        RuleFor(r => r.Role).Text(Limits.ShortText);
        RuleFor(r => r.Phone).Text(32).Matches(@"^\+?[0-9 ()-]{7,32}$").When(r => r.Phone.Length > 0).WithMessage("must be a telephone number");
        RuleFor(r => r.Email).Text(Limits.ShortText).EmailAddress().When(r => r.Email.Length > 0);
    }
}

public sealed class ChildValidator : AbstractValidator<Child>
{
    public ChildValidator(DateOnly receivedOn)
    {
        RuleFor(c => c.ChildId).Empty().WithMessage("is assigned by intake: leave it empty");
        RuleFor(c => c.GivenNames).Text(Limits.Name);
        RuleFor(c => c.FamilyName).Text(Limits.Name);
        RuleFor(c => c.FamilyName).NotEmpty().WithMessage("is required for a born child").When(c => c.DateOfBirth is not null);
        RuleFor(c => c).Must(c => c.BirthCase != Child.BirthOneofCase.None)
            .WithName("date_of_birth").OverridePropertyName("date_of_birth").WithMessage("a date of birth, or an expected date of birth for an unborn child, is required");
        When(c => c.DateOfBirth is not null, () =>
        {
            RuleFor(c => c.DateOfBirth).Must(DateRules.IsCalendarDate).WithMessage("is not a calendar date")
                .DependentRules(() =>
                {
                    RuleFor(c => c.DateOfBirth).Must(d => d.ToDateOnly() <= receivedOn).WithMessage("must not be in the future");
                    RuleFor(c => c.DateOfBirth).Must(d => d.ToDateOnly() > receivedOn.AddYears(-Limits.AdultAge))
                        .WithMessage($"the child must be under {Limits.AdultAge} on the day the contact is received");
                });
        });
        When(c => c.ExpectedDateOfBirth is not null, () =>
        {
            RuleFor(c => c.ExpectedDateOfBirth).Must(DateRules.IsCalendarDate).WithMessage("is not a calendar date")
                .DependentRules(() =>
                    RuleFor(c => c.ExpectedDateOfBirth)
                        .Must(d => d.ToDateOnly() >= receivedOn.AddDays(-Limits.UnbornDaysOverdue) && d.ToDateOnly() <= receivedOn.AddMonths(Limits.UnbornMonthsAhead))
                        .WithMessage($"must be within {Limits.UnbornMonthsAhead} months of receipt"));
        });
        RuleFor(c => c.NhsNumber).Must(NhsNumber.IsValid).When(c => c.NhsNumber.Length > 0)
            .WithMessage("must be 10 digits with a valid check digit");
        RuleFor(c => c.Gender).Known();
        RuleFor(c => c.Ethnicity).Must(EthnicityCodes.IsCensusCode).When(c => c.Ethnicity.Length > 0)
            .WithMessage("must be a census ethnicity code (e.g. WBRI; REFU refused, NOBT not obtained), or empty when not known");
        RuleFor(c => c.Disability).Known();
        RuleFor(c => c.Address).NotNull().WithMessage("is required (the postcode decides the child's authority and locality)")
            .SetValidator(new AddressValidator(postcodeRequired: true));
        RuleFor(c => c.Setting).SetValidator(new SettingValidator());
        RuleFor(c => c.ExploitationRisk).Known();
        RuleFor(c => c.NotIndependentlyMobile).Equal(false).When(c => c.ExpectedDateOfBirth is not null)
            .WithMessage(RiskRules.UnbornNotMobile);
        RuleFor(c => c.NowhereSafeToSleepTonight).Equal(false).When(c => c.ExpectedDateOfBirth is not null)
            .WithMessage(RiskRules.UnbornNowhereToSleep);
    }
}

public sealed class AddressValidator : AbstractValidator<Address>
{
    public AddressValidator(bool postcodeRequired)
    {
        RuleFor(a => a.Lines).Must(l => l.Count <= Limits.AddressLines).WithMessage($"at most {Limits.AddressLines} lines");
        RuleForEach(a => a.Lines).Text(Limits.ShortText);
        RuleFor(a => a.Town).Text(Limits.Name);
        RuleFor(a => a.Postcode).NotEmpty().WithMessage("is required").When(_ => postcodeRequired);
        RuleFor(a => a.Postcode).Must(Postcode.IsValid).When(a => a.Postcode.Length > 0).WithMessage("is not a UK postcode (e.g. WS1 1TP)");
    }
}

public sealed class SettingValidator : AbstractValidator<Setting>
{
    public SettingValidator()
    {
        RuleFor(s => s.Kind).Known();
        RuleFor(s => s.Name).Text(Limits.ShortText);
        RuleFor(s => s.Urn).Matches("^[0-9]{6,7}$").When(s => s.Urn.Length > 0).WithMessage("must be a DfE unique reference number (6 or 7 digits)");
    }
}

public sealed class PersonValidator : AbstractValidator<Person>
{
    public PersonValidator(DateOnly receivedOn)
    {
        RuleFor(p => p.PersonId).Empty().WithMessage("is assigned by intake: leave it empty");
        RuleFor(p => p.GivenNames).Text(Limits.Name);
        RuleFor(p => p.FamilyName).Text(Limits.Name);
        RuleFor(p => p.Relationship).KnownAndSet();
        RuleFor(p => p.RelationshipDetail).Text(Limits.ShortText);
        RuleFor(p => p.DateOfBirth).Must(DateRules.IsCalendarDate).WithMessage("is not a calendar date")
            .DependentRules(() => RuleFor(p => p.DateOfBirth).Must(d => d.ToDateOnly() <= receivedOn).WithMessage("must not be in the future"))
            .When(p => p.DateOfBirth is not null);
        RuleFor(p => p.Address).SetValidator(new AddressValidator(postcodeRequired: false));
    }
}

public sealed class ConcernValidator : AbstractValidator<Concern>
{
    static readonly ConcernValidator[] ByChildCount = [.. Enumerable.Range(0, Limits.Children + 1).Select(n => new ConcernValidator(n))];

    /// <summary>Built once per number of children (the only thing the rules depend on).</summary>
    public static ConcernValidator For(int childCount) =>
        childCount >= 0 && childCount < ByChildCount.Length ? ByChildCount[childCount] : new ConcernValidator(childCount);

    public ConcernValidator(int childCount)
    {
        RuleFor(c => c.Category).KnownAndSet();
        RuleFor(c => c.Subject).Known();
        RuleFor(c => c.Detail).Text(Limits.Detail);
        RuleForEach(c => c.ChildIndexes).InclusiveBetween(0, Math.Max(0, childCount - 1))
            .WithMessage("must be the position of a child in this contact");
        RuleFor(c => c.ChildIndexes).Must(i => i.Distinct().Count() == i.Count).WithMessage("must not name a child twice");
    }
}

/// <summary>
/// Information-sharing consent. Sharing without consent is lawful for safeguarding, but the record
/// must say why consent was not sought or was overridden, and who decided.
/// </summary>
public sealed class ConsentValidator : AbstractValidator<Consent>
{
    const int MinimumJustification = 20;

    public ConsentValidator(DateOnly receivedOn)
    {
        RuleFor(c => c.State).KnownAndSet();
        RuleFor(c => c.GivenBy).Required(Limits.ShortText).When(c => c.State == ConsentState.Given)
            .WithMessage("is required: who gave consent");
        When(c => c.State is ConsentState.NotSought or ConsentState.RefusedOverridden, () =>
        {
            RuleFor(c => c.Reason).Required(Limits.Detail)
                .MinimumLength(MinimumJustification)
                .WithMessage(c => c.State == ConsentState.NotSought
                    ? "must say why consent was not sought (at least 20 characters)"
                    : "must give the justification for overriding refusal: necessary, proportionate, the risk of not sharing (at least 20 characters)");
            RuleFor(c => c.DecidedBy).Required(Limits.ShortText).WithMessage("is required: the name and role of who decided");
        });
        RuleFor(c => c.DecidedAt).Must(t => DateOnly.FromDateTime(t.ToDateTime()) <= receivedOn)
            .When(c => c.DecidedAt is not null).WithMessage("must not be in the future");
    }
}
