namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>Every condition holds (a rule's `when`, or `all`).</summary>
public sealed class AllCondition(IReadOnlyList<Condition> conditions) : Condition
{
    private readonly Condition[] _conditions = [.. conditions];

    public override bool Holds(in Subject subject)
    {
        foreach (var c in _conditions)
            if (!c.Holds(in subject)) return false;
        return true;
    }

    public override bool MentionsConcerns => _conditions.Any(c => c.MentionsConcerns);
}

/// <summary>`any`: at least one condition holds.</summary>
public sealed class AnyCondition(IReadOnlyList<Condition> conditions) : Condition
{
    private readonly Condition[] _conditions = [.. conditions];

    public override bool Holds(in Subject subject)
    {
        foreach (var c in _conditions)
            if (c.Holds(in subject)) return true;
        return false;
    }

    public override bool MentionsConcerns => _conditions.Any(c => c.MentionsConcerns);
}

/// <summary>`not`: the condition does not hold. The loader refuses one that mentions concerns.</summary>
public sealed class NotCondition(Condition inner) : Condition
{
    public override bool Holds(in Subject subject) => !inner.Holds(in subject);
    public override bool MentionsConcerns => inner.MentionsConcerns;
}
