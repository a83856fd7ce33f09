using FluentValidation;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain.Validation;

/// <summary>An addition must add something, under the same rules as a submission.</summary>
public sealed class AddInformationValidator : AbstractValidator<AddInformationRequest>
{
    public AddInformationValidator(int childCount, DateOnly today)
    {
        FieldNames.Use();
        RuleFor(a => a.Text).Text(Limits.Narrative);
        RuleFor(a => a).Must(a => a.Text.Length > 0 || a.Concerns.Count > 0 || a.Household.Count > 0 || a.ImmediateRisk)
            .OverridePropertyName("text").WithMessage("an addition needs text, a concern, a household member or the immediate-risk flag");
        RuleFor(a => a.Concerns).Must(c => c.Count <= Limits.Concerns).WithMessage($"at most {Limits.Concerns} concerns");
        RuleForEach(a => a.Concerns).SetValidator(ConcernValidator.For(childCount));
        RuleFor(a => a.Household).Must(h => h.Count <= Limits.Household).WithMessage($"at most {Limits.Household} people");
        RuleForEach(a => a.Household).SetValidator(new PersonValidator(today));
    }
}
