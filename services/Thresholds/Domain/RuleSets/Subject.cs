using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// What the conditions read for one child: the contact, the child, and the child's concerns
/// pre-indexed once per evaluation so that each condition is a few comparisons.
/// </summary>
public readonly struct Subject
{
    public Subject(ContactFacts contact, ChildFacts child) => throw new NotImplementedException();

    public ContactFacts Contact { get; }
    public ChildFacts Child { get; }
}
