using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>The graded risk facts; their values rise with the risk, so a rule asks for "at least" one.</summary>
public enum Grade { DomesticAbuse, Exploitation }

/// <summary>`domestic_abuse_risk_at_least: high`, `exploitation_risk_at_least: medium`.</summary>
public sealed class GradeAtLeastCondition(Grade grade, int atLeast) : Condition
{
    public override bool Holds(in Subject subject)
    {
        var value = grade == Grade.DomesticAbuse ? (int)subject.Contact.DomesticAbuseRisk : (int)subject.Child.ExploitationRisk;
        return value >= atLeast;
    }

    public override bool MentionsConcerns => true;
}

/// <summary>The yes/no risk facts; a rule may only ask that one holds (`care_proceedings: true`).</summary>
public enum RiskFlag { PreviousChildrenRemoved, CareProceedings, NotIndependentlyMobile, NowhereSafeToSleepTonight }

/// <summary>A risk fact is known to hold. Never negated: knowing it can only make more rules fire.</summary>
public sealed class RiskFlagCondition(RiskFlag flag) : Condition
{
    public override bool Holds(in Subject subject) => flag switch
    {
        RiskFlag.PreviousChildrenRemoved => subject.Contact.PreviousChildrenRemoved,
        RiskFlag.CareProceedings => subject.Contact.CareProceedings,
        RiskFlag.NotIndependentlyMobile => subject.Child.NotIndependentlyMobile,
        _ => subject.Child.NowhereSafeToSleepTonight,
    };

    public override bool MentionsConcerns => true;
}

/// <summary>
/// `gender: [female, not_known]`: the child's recorded sex. A child whose sex was not recorded
/// counts as `not_known`, so a rule that protects girls also reaches a child nobody asked about.
/// </summary>
public sealed class GenderCondition(UInt128 values) : Condition
{
    public override bool Holds(in Subject subject)
    {
        var gender = subject.Child.Gender == Gender.Unspecified ? Gender.NotKnown : subject.Child.Gender;
        return Bits.Has(values, (int)gender);
    }

    public override bool MentionsConcerns => false;
}
