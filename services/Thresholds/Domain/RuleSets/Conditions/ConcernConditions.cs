namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// `concern` / `concern_any`: the child has at least one of the categories (optionally about one of
/// the subjects). A concern whose subject the referrer did not state counts as about the child: a
/// child-only rule must not go quiet because a form left the subject blank.
/// </summary>
public sealed class ConcernAnyCondition(UInt128 categories, UInt128 subjects) : Condition
{
    /// <summary>Zero: any subject.</summary>
    public UInt128 Subjects { get; } = Bits.Has(subjects, (int)Mash.Contracts.Common.V1.ConcernSubject.Child)
        ? subjects | Bits.Of((int)Mash.Contracts.Common.V1.ConcernSubject.Unspecified)
        : subjects;
    public UInt128 Categories { get; } = categories;

    public override bool Holds(in Subject subject)
    {
        if (Subjects == UInt128.Zero) return (subject.Concerns & Categories) != UInt128.Zero;
        for (var who = 0; who < 8; who++)
            if (Bits.Has(Subjects, who) && (subject.ConcernsAbout(who) & Categories) != UInt128.Zero)
                return true;
        return false;
    }

    public override bool MentionsConcerns => true;
}

/// <summary>`concern_all`: the child has every one of the categories.</summary>
public sealed class ConcernAllCondition(UInt128 categories) : Condition
{
    public UInt128 Categories { get; } = categories;
    public override bool Holds(in Subject subject) => (subject.Concerns & Categories) == Categories;
    public override bool MentionsConcerns => true;
}

/// <summary>`concern_count_at_least`: at least N distinct categories.</summary>
public sealed class ConcernCountAtLeastCondition(int count) : Condition
{
    public int Count { get; } = count;
    public override bool Holds(in Subject subject) => subject.ConcernCount >= Count;
    public override bool MentionsConcerns => true;
}
