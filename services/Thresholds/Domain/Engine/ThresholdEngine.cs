using Mash.BuildingBlocks.ReferenceData;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
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
        WorkingCalendar calendar, DateTimeOffset evaluatedAt)
    {
        var subject = new Subject(contact, child);
        var recommendation = new Recommendation { RuleSet = ruleSet.Ref, EvaluatedAt = Timestamp.FromDateTimeOffset(evaluatedAt) };

        Rule? winner = null;
        var rules = ruleSet.Rules;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            if (!rule.When.Holds(in subject)) continue;
            var o = rule.Outcome;
            recommendation.FiredRules.Add(new FiredRule
            {
                RuleId = rule.Id, Reason = o.Reason, Level = o.Level, Pathway = o.Pathway, Rag = o.Rag, AutoRoute = o.AutoRoute,
                Source = rule.Source,
            });
            // Strictly better only: on a full tie the earlier rule in the file stays the winner.
            if (winner is null || Beats(o, winner.Outcome)) winner = rule;
        }

        var outcome = winner?.Outcome ?? ruleSet.Default;
        recommendation.Level = outcome.Level;
        recommendation.Pathway = outcome.Pathway;
        recommendation.NfaReason = outcome.NfaReason;
        recommendation.Rag = outcome.Rag;
        recommendation.AutoRoute = outcome.AutoRoute;
        recommendation.WinningRuleId = winner?.Id ?? "";
        recommendation.WhyWinner = winner is null
            ? $"No rule of {ruleSet.Id} v{ruleSet.Version} fired, so its default applies (level {LevelText(outcome.Level)})."
            : WhyWinner(winner, recommendation.FiredRules);

        // The clock runs from receipt; the referral cap follows the level's pathway even when the child is transferred.
        var start = contact.ReceivedAt is { } received ? received.ToDateTimeOffset() : evaluatedAt;
        calendar = calendar.For(ruleSet.LocalAuthority);
        var deadline = calendar.Deadline(start, ruleSet.Timeliness.MashDecision[outcome.Rag]);
        if (outcome.Pathway is Pathway.ChildInNeed or Pathway.ChildProtection)
        {
            var cap = calendar.Deadline(start, ruleSet.Timeliness.ReferralDecisionMax);
            if (cap < deadline) deadline = cap;
        }
        recommendation.DecisionDeadline = Timestamp.FromDateTimeOffset(deadline);
        recommendation.ClockAllowances.AddRange(ClockAllowances.ToMessages(ruleSet.Timeliness.Clocks));

        if (place.IsOutside)
        {
            recommendation.Pathway = Pathway.NoFurtherAction;
            recommendation.NfaReason = NfaReason.TransferToOtherLocalAuthority;
            recommendation.AutoRoute = false;
            // No postcode here: the text travels and is stored; the postcode is personal data.
            recommendation.WhyWinner += " The child's postcode is outside every authority Mash serves, so the recommendation is"
                + " no further action here and transfer to the child's own local authority, keeping this level and RAG.";
        }
        return recommendation;
    }

    /// <summary>Higher level first, then the more urgent RAG (red, amber, green: lower enum value).</summary>
    private static bool Beats(RuleOutcome a, RuleOutcome b) =>
        a.Level > b.Level || (a.Level == b.Level && Urgency(a.Rag) > Urgency(b.Rag));

    private static int Urgency(Rag rag) => rag == Rag.Unspecified ? 0 : 4 - (int)rag;

    private static string WhyWinner(Rule winner, IReadOnlyList<FiredRule> fired)
    {
        var o = winner.Outcome;
        if (fired.Count == 1) return $"{winner.Id} is the only rule that fired (level {LevelText(o.Level)}).";
        var atLevel = 0;
        var atRag = 0;
        foreach (var f in fired)
        {
            if (f.Level != o.Level) continue;
            atLevel++;
            if (f.Rag == o.Rag) atRag++;
        }
        var text = $"{winner.Id} has the highest level fired ({LevelText(o.Level)}) of the {fired.Count} rules that fired";
        if (atLevel == 1) return text + ".";
        var rag = EnumNames<Rag>.Instance.NameOf(o.Rag);
        if (atRag == 1) return text + $"; of the {atLevel} rules at that level it has the most urgent RAG ({rag}).";
        return atRag == atLevel
            ? text + $"; the {atLevel} rules at that level all have RAG {rag} and it is the first of them in the file."
            : text + $"; of the {atLevel} rules at that level, {atRag} have the most urgent RAG ({rag}) and it is the first of them in the file.";
    }

    private static string LevelText(LevelOfNeed level) =>
        $"{(int)level}, {EnumNames<LevelOfNeed>.Instance.NameOf(level).Replace('_', ' ')}";
}
