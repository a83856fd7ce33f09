using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;

namespace Mash.EarlyHelp.Domain;

/// <summary>The changes an episode goes through, on its message (the row stores it as it stands).</summary>
public static class EpisodeChanges
{
    /// <summary>Adds a child routed to the family; false when the child is already in it (a redelivery or a re-routing).</summary>
    public static bool AddChild(Episode episode, EpisodeChild child)
    {
        if (episode.Children.Any(c => c.ChildId == child.ChildId)) return false;
        episode.Children.Add(child);
        return true;
    }

    public static void LinkContact(Episode episode, string contactId)
    {
        if (contactId.Length > 0 && contactId != episode.ContactId && !episode.LinkedContactIds.Contains(contactId))
            episode.LinkedContactIds.Add(contactId);
    }

    /// <summary>A lead professional takes the family on: the previous one goes to the history, the 48-hour clock stops.</summary>
    /// <returns>The previous lead professional's id, or empty.</returns>
    public static string Assign(Episode episode, LeadProfessionalAssignment assignment, DateTimeOffset at)
    {
        var previous = episode.LeadProfessional;
        if (previous is not null) episode.PreviousLeadProfessionals.Add(previous);
        episode.LeadProfessional = assignment;
        LeadProfessionalClock.Stop(episode.LeadProfessionalClock, at);
        if (episode.Status is EpisodeStatus.AwaitingConsent or EpisodeStatus.AwaitingLeadProfessional) episode.Status = EpisodeStatus.Active;
        return previous?.LeadProfessional?.LeadProfessionalId ?? "";
    }

    public static void Close(Episode episode, EpisodeOutcome outcome, string note, DateTimeOffset at)
    {
        episode.Status = EpisodeStatus.Closed;
        episode.Outcome = outcome;
        episode.ClosureNote = note.Trim();
        episode.ClosedAt = Timestamp.FromDateTimeOffset(at);
        LeadProfessionalClock.Cancel(episode.LeadProfessionalClock, at);
    }

    public static IReadOnlyList<string> ChildIds(Episode episode) => episode.Children.Select(c => c.ChildId).ToList();
}
