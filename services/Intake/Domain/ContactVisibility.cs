using Mash.Contracts.Common.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// Who may see a contact: a partner only its own agency's contacts (and then only the referrer's
/// view); staff (screeners, managers, auditors) only contacts their own authority's hub received.
/// Anyone else is told the contact does not exist, so existence itself does not leak.
/// </summary>
public static class ContactVisibility
{
    public static bool CanSee(Actor caller, string contactAgency, string contactAuthority) => caller.Role switch
    {
        Role.Partner => caller.Agency.Length > 0 && caller.Agency == contactAgency,
        Role.Screener or Role.Manager or Role.Auditor => caller.LocalAuthority.Length > 0 && caller.LocalAuthority == contactAuthority,
        _ => false,
    };

    public static bool SeesReferrerViewOnly(Actor caller) => caller.Role == Role.Partner;

    /// <summary>
    /// Why the caller's sign-in cannot scope a list, or null. A partner's lists are its agency's and
    /// staff's their authority's: an empty claim would otherwise match every record whose agency or
    /// authority is empty (a member of the public's contacts have no agency).
    /// </summary>
    public static string? MissingScope(Actor caller) => caller.Role switch
    {
        Role.Partner when caller.Agency.Length == 0 => "Your sign-in names no agency: a partner sees only its own agency's records",
        Role.Screener or Role.Manager or Role.Auditor when caller.LocalAuthority.Length == 0 => "Your sign-in names no authority: staff see only their own authority's records",
        _ => null,
    };

    /// <summary>
    /// A partner submits only as its own agency; a screener for anyone (the contact centre); a manager
    /// only an early help step-up (the manager stepping a family up from an episode).
    /// </summary>
    public static bool MaySubmitAs(Actor caller, string referrerAgency, bool stepUp = false) => caller.Role switch
    {
        Role.Partner => caller.Agency.Length > 0 && caller.Agency == referrerAgency,
        Role.Manager => stepUp,
        _ => true,
    };
}
