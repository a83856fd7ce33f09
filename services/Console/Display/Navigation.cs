using Mash.Contracts.Common.V1;

namespace Mash.Console.Display;

/// <summary>
/// The service navigation each role is offered. It only narrows the menu: every page calls the services
/// with the user's own token, and the services decide what comes back.
/// </summary>
public static class Navigation
{
    public static IReadOnlyList<(string Href, string Text)> For(Role role) => role switch
    {
        Role.Partner => [("/partner/contacts", "My contacts"), ("/partner/submit", "Make a contact"), ("/partner/checks", "Checks to answer")],
        Role.Screener => [("/queue", "Queue"), ("/early-help", "Early help"), ("/cases", "Locality cases")],
        Role.Manager => [("/queue", "Queue"), ("/early-help", "Early help"), ("/cases", "Locality cases"), ("/manager", "Reports"), ("/manager/countersign", "Countersign"), ("/manager/breaches", "Breaches"), ("/manager/timeliness", "Timeliness"), ("/manager/trends", "Trends"), ("/manager/feedback", "Referrer feedback")],
        Role.Auditor => [("/queue", "Queue"), ("/early-help", "Early help"), ("/cases", "Locality cases"), ("/manager", "Reports"), ("/manager/breaches", "Breaches"), ("/manager/timeliness", "Timeliness"), ("/manager/trends", "Trends"), ("/manager/feedback", "Referrer feedback")],
        _ => [],
    };

    /// <summary>The menu entry a page belongs to: its own path, or an entry its path continues (not "Reports", whose pages have entries of their own).</summary>
    public static bool IsCurrent(string href, string path) =>
        string.Equals(href, path, StringComparison.OrdinalIgnoreCase)
        || (path.StartsWith(href + "/", StringComparison.OrdinalIgnoreCase) && href != "/manager");
}
