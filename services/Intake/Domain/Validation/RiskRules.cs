using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain.Validation;

/// <summary>What the risk facts must agree with, so a grade never stands without the concern it grades.</summary>
public static class RiskRules
{
    public const string GradeNeedsDomesticAbuse = "a DASH grade needs a domestic_abuse concern in the contact";
    public const string UnbornNotMobile = "an unborn child cannot be marked not independently mobile: the rules for unborn children apply";
    public const string UnbornNowhereToSleep = "an unborn child cannot be marked as having nowhere safe to sleep: say so of the mother's housing as a concern";

    public static bool HasDomesticAbuse(IEnumerable<Concern> concerns) =>
        concerns.Any(c => c.Category == ConcernCategory.DomesticAbuse);
}
