namespace Mash.Console.Display;

/// <summary>What part of a child's story a trail event tells, for the timeline's tags.</summary>
public enum StoryKind { Contact, Check, Recommendation, Decision, Routing, EarlyHelp, Case, Clock, Read, Other }

public static class StoryKinds
{
    static readonly Dictionary<string, StoryKind> ByEvent = new()
    {
        ["ContactReceived"] = StoryKind.Contact, ["ContactInformationAdded"] = StoryKind.Contact, ["ContactWithdrawn"] = StoryKind.Contact,
        ["AgencyChecksRequested"] = StoryKind.Check, ["AgencyCheckCompleted"] = StoryKind.Check,
        ["ContactTriaged"] = StoryKind.Recommendation, ["ChildTriaged"] = StoryKind.Recommendation,
        ["DecisionRecorded"] = StoryKind.Decision, ["DecisionCountersigned"] = StoryKind.Decision,
        ["ChildRouted"] = StoryKind.Routing,
        ["EarlyHelpEpisodeOpened"] = StoryKind.EarlyHelp, ["EarlyHelpConsentRecorded"] = StoryKind.EarlyHelp, ["LeadProfessionalAllocated"] = StoryKind.EarlyHelp,
        ["EarlyHelpAssessmentRecorded"] = StoryKind.EarlyHelp, ["StepUpRequested"] = StoryKind.EarlyHelp, ["EpisodeClosed"] = StoryKind.EarlyHelp,
        ["CaseAllocated"] = StoryKind.Case, ["AllocationQueued"] = StoryKind.Case, ["StepDownRequested"] = StoryKind.Case, ["StrategyDiscussionRecorded"] = StoryKind.Case,
        ["InitialConferenceRecorded"] = StoryKind.Case, ["ChildSeenRecorded"] = StoryKind.Case, ["AssessmentCompleted"] = StoryKind.Case, ["CaseCorrected"] = StoryKind.Case,
        ["ClockAtRisk"] = StoryKind.Clock, ["ClockBreached"] = StoryKind.Clock, ["ClockMissReasonRecorded"] = StoryKind.Clock,
        ["RecordViewed"] = StoryKind.Read,
    };

    /// <summary>mash.events.v1.ChildRouted → Routing; an event this console does not know yet → Other.</summary>
    public static StoryKind Of(string eventType) =>
        ByEvent.GetValueOrDefault(eventType[(eventType.LastIndexOf('.') + 1)..], StoryKind.Other);

    public static string Label(StoryKind kind) => kind switch
    {
        StoryKind.EarlyHelp => "Early help",
        StoryKind.Case => "Social care case",
        StoryKind.Read => "Record read",
        _ => kind.ToString(),
    };

    /// <summary>The GOV.UK tag colour of a kind.</summary>
    public static string Colour(StoryKind kind) => kind switch
    {
        StoryKind.Contact => "govuk-tag--blue",
        StoryKind.Check => "govuk-tag--light-blue",
        StoryKind.Recommendation => "govuk-tag--purple",
        StoryKind.Decision or StoryKind.Routing => "govuk-tag--green",
        StoryKind.EarlyHelp => "govuk-tag--turquoise",
        StoryKind.Case => "govuk-tag--pink",
        StoryKind.Clock => "govuk-tag--orange",
        _ => "govuk-tag--grey",
    };
}
