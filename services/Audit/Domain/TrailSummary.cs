using Google.Protobuf;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Domain;

/// <summary>
/// What a trail entry is about: the children it concerns and one readable line for a manager.
/// Lines carry ids and codes only, never a child's personal data.
/// </summary>
public static class TrailSummary
{
    public static IReadOnlyList<string> ChildIds(IEvent @event) => @event switch
    {
        _ when !string.IsNullOrEmpty(@event.Header.ChildId) => [@event.Header.ChildId],
        ContactReceived received => received.Facts.Children.Select(c => c.ChildId).ToList(),
        _ => [],
    };

    public static string Describe(IEvent @event) => @event switch
    {
        ContactReceived received =>
            $"Contact received from {Referrer(received)} about {received.Facts.Children.Count} child(ren)"
            + (received.Facts.ImmediateRisk ? "; immediate risk reported" : ""),
        IMessage message => $"{message.Descriptor.Name} by {@event.Header.Actor?.Role.ToString() ?? "unknown"} {@event.Header.Actor?.Subject}",
        _ => @event.GetType().Name,
    };

    static string Referrer(ContactReceived received) =>
        string.IsNullOrEmpty(received.Facts.ReferrerAgency)
            ? received.Facts.ReferralSource.ToString()
            : $"{received.Facts.ReferrerAgency} ({received.Facts.ReferralSource})";
}
