using System.Text;
using Mash.Contracts.Common.V1;

namespace Mash.Console.Display;

/// <summary>
/// Words for the contracts' codes. Generated enum members are PascalCase (ChildInNeed), so one rule
/// names them all ("Child in need"); a few get the term the hub uses.
/// </summary>
public static class Labels
{
    static readonly Dictionary<Enum, string> Terms = new()
    {
        [Pathway.NoFurtherAction] = "No further action",
        [Pathway.EarlyHelp] = "Early help",
        [Pathway.ChildInNeed] = "Child in need (s17)",
        [Pathway.ChildProtection] = "Child protection (s47)",
        [LevelOfNeed.Universal] = "Level 1: universal",
        [LevelOfNeed.EarlyHelp] = "Level 2: early help",
        [LevelOfNeed.Complex] = "Level 3: complex",
        [LevelOfNeed.Acute] = "Level 4: acute",
        [AgencyKind.ChildrensSocialCare] = "Children's social care",
        [ClockKind.MashDecision] = "MASH decision",
        [EpisodeOrigin.MashRouting] = "Routed by the MASH",
        [StrategyOutcome.Section47Enquiry] = "Section 47 enquiry",
        [ClockKind.InitialChildProtectionConference] = "Initial child protection conference",
        [EpisodeOrigin.StepDown] = "Stepped down from social care",
        [NfaReason.ReferredToLado] = "Referred to the LADO (allegation against someone who works with children)",
        [DomesticAbuseRisk.Marac] = "High, referred to MARAC",
    };

    public static string Of<T>(T value) where T : struct, Enum =>
        Terms.TryGetValue(value, out var term) ? term
        : Convert.ToInt32(value) == 0 ? "—"
        : Words(value.ToString());

    /// <summary>Every value but the unset one, for a select list.</summary>
    public static IEnumerable<(T Value, string Label)> Options<T>() where T : struct, Enum =>
        Enum.GetValues<T>().Where(v => Convert.ToInt32(v) != 0).Select(v => (v, Of(v)));

    /// <summary>"ChildInNeed" → "Child in need".</summary>
    public static string Words(string pascal)
    {
        var words = new StringBuilder(pascal.Length + 8);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (i > 0 && char.IsUpper(c)) words.Append(' ').Append(char.ToLowerInvariant(c));
            else words.Append(c);
        }
        return words.ToString();
    }

    /// <summary>The short event name of a trail entry: mash.events.v1.ChildRouted → Child routed.</summary>
    public static string EventName(string eventType) => Words(eventType[(eventType.LastIndexOf('.') + 1)..]);

    public static string Percent(double share) => share.ToString("P0", System.Globalization.CultureInfo.InvariantCulture).Replace(" ", "");
}
