using FluentValidation;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain.Validation;

/// <summary>An addition must add something, under the same rules as a submission.</summary>
public sealed class AddInformationValidator : AbstractValidator<AddInformationRequest>
{
    /// <param name="hasDomesticAbuse">The contact already has a domestic abuse concern (a DASH grade needs one).</param>
    public AddInformationValidator(int childCount, DateOnly today, bool hasDomesticAbuse = false)
    {
        FieldNames.Use();
        RuleFor(a => a.Text).Text(Limits.Narrative);
        RuleFor(a => a).Must(a => a.Text.Length > 0 || a.Concerns.Count > 0 || a.Household.Count > 0 || a.ImmediateRisk || AddsRisk(a))
            .OverridePropertyName("text").WithMessage("an addition needs text, a concern, a household member, the immediate-risk flag or a risk fact");
        RuleFor(a => a.DomesticAbuseRisk).Known();
        RuleFor(a => a.DomesticAbuseRisk).Must((a, _) => hasDomesticAbuse || RiskRules.HasDomesticAbuse(a.Concerns))
            .When(a => a.DomesticAbuseRisk != DomesticAbuseRisk.Unspecified).WithMessage(RiskRules.GradeNeedsDomesticAbuse);
        RuleFor(a => a.ChildRisks).Must(r => r.Count <= childCount).WithMessage("at most one entry per child");
        RuleFor(a => a.ChildRisks).Must(r => r.Select(c => c.ChildIndex).Distinct().Count() == r.Count).WithMessage("must not name a child twice");
        RuleForEach(a => a.ChildRisks).ChildRules(risk =>
        {
            risk.RuleFor(r => r.ChildIndex).InclusiveBetween(0, Math.Max(0, childCount - 1)).WithMessage("must be the position of a child in this contact");
            risk.RuleFor(r => r.ExploitationRisk).Known();
        });
        RuleFor(a => a.Concerns).Must(c => c.Count <= Limits.Concerns).WithMessage($"at most {Limits.Concerns} concerns");
        RuleForEach(a => a.Concerns).SetValidator(ConcernValidator.For(childCount));
        RuleFor(a => a.Household).Must(h => h.Count <= Limits.Household).WithMessage($"at most {Limits.Household} people");
        RuleForEach(a => a.Household).SetValidator(new PersonValidator(today));
    }

    static bool AddsRisk(AddInformationRequest a) =>
        a.DomesticAbuseRisk != DomesticAbuseRisk.Unspecified || a.PreviousChildrenRemoved || a.CareProceedings
        || a.ChildRisks.Any(r => r.NotIndependentlyMobile || r.NowhereSafeToSleepTonight || r.ExploitationRisk != ExploitationRisk.Unspecified);
}
