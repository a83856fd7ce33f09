using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Calendar;
using Mash.Thresholds.Domain.Places;
using Mash.Thresholds.Domain.RuleSets;

namespace Mash.Thresholds.Domain.Engine;

/// <summary>
/// The rules as a pure function: the same facts, place and rule set give the same recommendation,
/// always (seeds/thresholds/README.md, "How the winner is chosen").
/// </summary>
public static class ThresholdEngine
{
    /// <summary>
    /// Recommends for one child of a contact. <paramref name="place"/> outside every authority gives
    /// NFA / transfer with the level and RAG of <paramref name="ruleSet"/> (the receiving hub's).
    /// The result has no recommendation id (the caller assigns one when it stores it).
    /// </summary>
    public static Recommendation Evaluate(ContactFacts contact, ChildFacts child, ChildPlace place, RuleSet ruleSet,
        WorkingCalendar calendar, DateTimeOffset evaluatedAt) => throw new NotImplementedException();
}
