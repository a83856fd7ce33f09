using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>
/// Census facts of a section 47 enquiry that Annex A list 5 prints. In Mash an enquiry is a
/// strategy discussion that decided "section 47 enquiry"; it ends at the initial child protection
/// conference (ICPC) or at an assessment that decided something else.
/// </summary>
public static class Section47Enquiry
{
    /// <summary>
    /// "Was an Initial Child Protection Conference deemed unnecessary?": no once a conference is
    /// held or the assessment asks for one; yes when the assessment decided otherwise (a CIN plan,
    /// step-down, closure); unknown while the enquiry has not reached a decision (D2I's tool leaves
    /// the cell empty for an enquiry not yet ended).
    /// </summary>
    public static bool? ConferenceUnnecessary(bool conferenceHeld, AssessmentOutcome assessment) =>
        conferenceHeld ? false : assessment switch
        {
            AssessmentOutcome.Unspecified => null,
            AssessmentOutcome.ChildProtectionConference => false,
            _ => true,
        };

    /// <summary>"Did the Initial Child Protection Conference Result in a Child Protection Plan": unknown until one is held.</summary>
    public static bool? ResultedInPlan(ConferenceOutcome outcome) => outcome switch
    {
        ConferenceOutcome.Unspecified => null,
        ConferenceOutcome.ChildProtectionPlan => true,
        _ => false,
    };
}
