namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// A compiled condition of a rule. Conditions only read the <see cref="Subject"/>; concern
/// conditions are positive only (never negated), which is what makes adding a concern unable to
/// lower the level.
/// </summary>
public abstract class Condition
{
    public abstract bool Holds(in Subject subject);

    /// <summary>
    /// True when the condition reads the child's concerns or a risk fact (a DASH or exploitation
    /// grade, previous children removed, care proceedings, not independently mobile, nowhere safe to
    /// sleep). Such a condition may not sit under `not`, so learning one can never lower the level.
    /// </summary>
    public abstract bool MentionsConcerns { get; }
}
