using FluentValidation;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain.Validation;

/// <summary>An agency's answer: known or not known; when known, what it holds in brief.</summary>
public sealed class RecordAgencyCheckValidator : AbstractValidator<RecordAgencyCheckRequest>
{
    public RecordAgencyCheckValidator(int childCount)
    {
        FieldNames.Use();
        RuleFor(r => r.Finding).KnownAndSet();
        RuleFor(r => r.Summary).Text(Limits.Detail);
        RuleFor(r => r.Summary).Must(s => s.Trim().Length > 0).When(r => r.Finding == CheckFinding.Known)
            .WithMessage("is required when the agency holds information");
        RuleFor(r => r.Indicators).Empty().When(r => r.Finding == CheckFinding.NotKnown)
            .WithMessage("an agency that holds nothing has no indicators");
        RuleForEach(r => r.Indicators).SetValidator(ConcernValidator.For(childCount));
    }
}
