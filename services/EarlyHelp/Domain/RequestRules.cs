using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>
/// The shape every request must have, checked before anything is read or stored: every violation at
/// once, each naming its field path (<c>needs[1].child_indexes</c>).
/// </summary>
public static class RequestRules
{
    public const int ShortText = 200;
    public const int NoteLength = 2_000;
    public const int PlanLength = 4_000;
    public const int DetailLength = 4_000;
    public const int NarrativeLength = 10_000;
    public const int MaxConcerns = 50;
    public const int MaxPageSize = 200;

    /// <summary>A consent decision recorded a little ahead of the server's clock is still "now".</summary>
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static void EpisodeId(List<(string, string)> violations, string episodeId, string field = "episode_id")
    {
        if (!Guid.TryParse(episodeId, out _)) violations.Add((field, "must be an episode id (a UUID)"));
    }

    public static Refusal? Get(GetEpisodeRequest request)
    {
        var violations = new List<(string, string)>();
        var (hasEpisode, hasChild) = (request.EpisodeId.Length > 0, request.ChildId.Length > 0);
        if (hasEpisode == hasChild) violations.Add(("episode_id", "give exactly one of episode_id and child_id"));
        else if (hasEpisode) EpisodeId(violations, request.EpisodeId);
        else if (!Guid.TryParse(request.ChildId, out _)) violations.Add(("child_id", "must be a child id (a UUID)"));
        return Refusal.IfAny(violations);
    }

    public static Refusal? List(ListEpisodesRequest request)
    {
        var violations = new List<(string, string)>();
        if (request.PageSize is < 0 or > MaxPageSize) violations.Add(("page_size", $"must be between 0 and {MaxPageSize}"));
        if (request.PageToken.Length > 0 && !EpisodeCursor.TryDecode(request.PageToken, out _))
            violations.Add(("page_token", "is not a token this service issued"));
        for (var i = 0; i < request.Statuses.Count; i++)
            if (request.Statuses[i] == EpisodeStatus.Unspecified || !Enum.IsDefined(request.Statuses[i]))
                violations.Add(($"statuses[{i}]", "is not an episode status"));
        return Refusal.IfAny(violations);
    }

    public static Refusal? Consent(RecordConsentRequest request, DateTimeOffset now)
    {
        var violations = new List<(string, string)>();
        EpisodeId(violations, request.EpisodeId);
        if (request.Decision is not (EarlyHelpConsentDecision.Given or EarlyHelpConsentDecision.Declined or EarlyHelpConsentDecision.Withdrawn))
            violations.Add(("decision", "must be given, declined or withdrawn"));
        Required(violations, "given_by", request.GivenBy, ShortText, "who in the family decided (e.g. \"mother\")");
        Bounded(violations, "note", request.Note, NoteLength);
        if (request.DecidedAt is not null && request.DecidedAt.ToDateTimeOffset() > now + ClockSkew)
            violations.Add(("decided_at", "must not be in the future"));
        return Refusal.IfAny(violations);
    }

    public static Refusal? Assign(AssignLeadProfessionalRequest request)
    {
        var violations = new List<(string, string)>();
        EpisodeId(violations, request.EpisodeId);
        Required(violations, "lead_professional_id", request.LeadProfessionalId, ShortText, "the directory id of the lead professional");
        Required(violations, "reason", request.Reason, NoteLength, "why this person (e.g. \"already works with the older sibling\")");
        return Refusal.IfAny(violations);
    }

    /// <param name="children">How many children the episode has (needs name them by position).</param>
    /// <param name="today">Today in Europe/London.</param>
    /// <param name="routedOn">The day the clock started: an assessment of this episode cannot be older.</param>
    public static Refusal? Assessment(RecordAssessmentRequest request, int children, DateOnly today, DateOnly routedOn)
    {
        var violations = new List<(string, string)>();
        EpisodeId(violations, request.EpisodeId);
        var assessed = Date(violations, "assessment_date", request.AssessmentDate);
        if (assessed is { } a && a > today) violations.Add(("assessment_date", "must not be in the future"));
        if (assessed is { } b && b < routedOn) violations.Add(("assessment_date", $"must not be before the episode began ({routedOn:yyyy-MM-dd})"));
        if (request.Needs.Count == 0) violations.Add(("needs", "at least one need identified is required"));
        Concerns(violations, "needs", request.Needs, children);
        Required(violations, "plan", request.Plan, PlanLength, "the plan agreed with the family, in brief");
        var review = Date(violations, "review_date", request.ReviewDate);
        if (review is { } r && assessed is { } d && r <= d) violations.Add(("review_date", "must be after the assessment date"));
        Bounded(violations, "completed_by_organisation", request.CompletedByOrganisation, ShortText);
        return Refusal.IfAny(violations);
    }

    public static Refusal? StepUp(RequestStepUpRequest request, int children)
    {
        var violations = new List<(string, string)>();
        EpisodeId(violations, request.EpisodeId);
        Required(violations, "reason", request.Reason, NoteLength, "why early help is no longer enough");
        if (request.Concerns.Count == 0) violations.Add(("concerns", "at least one concern is required"));
        Concerns(violations, "concerns", request.Concerns, children);
        Bounded(violations, "narrative", request.Narrative, NarrativeLength);
        return Refusal.IfAny(violations);
    }

    static void Concerns(List<(string, string)> violations, string field, IList<Concern> concerns, int children)
    {
        if (concerns.Count > MaxConcerns) violations.Add((field, $"at most {MaxConcerns}"));
        for (var i = 0; i < concerns.Count; i++)
        {
            var c = concerns[i];
            if (c.Category == ConcernCategory.Unspecified || !Enum.IsDefined(c.Category)) violations.Add(($"{field}[{i}].category", "is required: a category of the concern list"));
            if (!Enum.IsDefined(c.Subject)) violations.Add(($"{field}[{i}].subject", "is not a concern subject"));
            Bounded(violations, $"{field}[{i}].detail", c.Detail, DetailLength);
            if (c.ChildIndexes.Any(x => x < 0 || x >= children))
                violations.Add(($"{field}[{i}].child_indexes", $"must be positions of the episode's children (0 to {children - 1})"));
            else if (c.ChildIndexes.Distinct().Count() != c.ChildIndexes.Count)
                violations.Add(($"{field}[{i}].child_indexes", "must not name a child twice"));
        }
    }

    static DateOnly? Date(List<(string, string)> violations, string field, Date? date)
    {
        if (date is null)
        {
            violations.Add((field, "is required"));
            return null;
        }
        if (date.Year is < 1 or > 9999 || date.Month is < 1 or > 12 || date.Day < 1 || date.Day > DateTime.DaysInMonth(date.Year, date.Month))
        {
            violations.Add((field, "is not a calendar date"));
            return null;
        }
        return new DateOnly(date.Year, date.Month, date.Day);
    }

    static void Required(List<(string, string)> violations, string field, string value, int max, string what)
    {
        if (value.Trim().Length == 0) violations.Add((field, $"is required: {what}"));
        else Bounded(violations, field, value, max);
    }

    static void Bounded(List<(string, string)> violations, string field, string value, int max)
    {
        if (value.Length > max) violations.Add((field, $"at most {max} characters"));
    }
}
