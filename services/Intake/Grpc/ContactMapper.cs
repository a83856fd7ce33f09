using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;

namespace Mash.Intake.Grpc;

/// <summary>An earlier contact's row for the same child, with its contact.</summary>
public sealed record EarlierRow(ContactChildRecord Child, ContactRecord Contact);

/// <summary>Builds the API's view of a stored contact.</summary>
public static class ContactMapper
{
    /// <param name="submitted">The stored request, parsed once by the caller (<see cref="Submitted"/>).</param>
    public static Contact ToContact(ContactRecord record, SubmitContactRequest submitted, ILookup<Guid, EarlierRow> earlierByChild)
    {
        var additions = record.Additions.OrderBy(a => a.AddedAt).Select(a => AddedInformation.Parser.ParseFrom(a.Information)).ToList();
        // Risk facts show as they stand now (additions only raise them); the rest as submitted.
        var current = ContactAdditions.Merge(submitted, additions);
        var contact = new Contact
        {
            ContactId = record.Id.ToString(),
            LocalAuthority = record.LocalAuthority,
            ReceivedAt = Timestamp.FromDateTimeOffset(record.ReceivedAt),
            Referrer = submitted.Referrer,
            Household = { submitted.Household },
            Concerns = { submitted.Concerns },
            Narrative = submitted.Narrative,
            ImmediateRisk = submitted.ImmediateRisk,
            InformationOnly = submitted.InformationOnly,
            Consent = submitted.Consent,
            StepUpEpisodeId = submitted.StepUpEpisodeId,
            WithdrawalReason = record.WithdrawalReason,
            Additions = { additions },
            DomesticAbuseRisk = current.DomesticAbuseRisk,
            PreviousChildrenRemoved = current.PreviousChildrenRemoved,
            CareProceedings = current.CareProceedings,
        };
        if (record.WithdrawnAt is { } withdrawnAt) contact.WithdrawnAt = Timestamp.FromDateTimeOffset(withdrawnAt);
        foreach (var row in record.Children.OrderBy(c => c.ChildIndex))
        {
            var child = current.Children[row.ChildIndex].Clone();
            child.ChildId = row.ChildId.ToString();
            contact.Children.Add(ToContactChild(row, child, earlierByChild[row.ChildId]));
        }
        return contact;
    }

    /// <summary>
    /// The submitting partner's view: what it sent, each child's status, outcome and feedback line;
    /// nothing other agencies contributed (earlier contacts, checks, recommendations, others' additions).
    /// </summary>
    /// <summary>The contact exactly as the referrer submitted it.</summary>
    public static SubmitContactRequest Submitted(ContactRecord record) => SubmitContactRequest.Parser.ParseFrom(record.Request);

    public static Contact ToReferrerView(ContactRecord record, Actor caller)
    {
        var submitted = Submitted(record);
        var full = ToContact(record, submitted, Enumerable.Empty<EarlierRow>().ToLookup(e => e.Child.ChildId));
        var own = full.Additions.Where(a => a.AddedBy?.Agency == caller.Agency).ToList();
        full.Additions.Clear();
        full.Additions.AddRange(own);
        // Risk facts as the partner itself stated them: what others added stays with the hub.
        var stated = ContactAdditions.Merge(submitted, own);
        (full.DomesticAbuseRisk, full.PreviousChildrenRemoved, full.CareProceedings) = (stated.DomesticAbuseRisk, stated.PreviousChildrenRemoved, stated.CareProceedings);
        for (var i = 0; i < full.Children.Count; i++)
        {
            var child = full.Children[i];
            var statedChild = stated.Children[record.Children.OrderBy(c => c.ChildIndex).ElementAt(i).ChildIndex];
            (child.Child.NotIndependentlyMobile, child.Child.ExploitationRisk, child.Child.NowhereSafeToSleepTonight) =
                (statedChild.NotIndependentlyMobile, statedChild.ExploitationRisk, statedChild.NowhereSafeToSleepTonight);
            child.Recommendation = null;
            child.RepeatContact = false;
            child.AlreadyOpen = false;
            child.EarlierContacts.Clear();
            child.EarlyHelpOutcome = EpisodeOutcome.Unspecified;
        }
        return full;
    }

    static ContactChild ToContactChild(ContactChildRecord row, Child child, IEnumerable<EarlierRow> earlier)
    {
        var result = new ContactChild
        {
            Child = child,
            Status = (ChildStatus)row.Status,
            LocalAuthority = row.LocalAuthority,
            Locality = row.Locality,
            Pathway = (Pathway)row.Pathway,
            NfaReason = (NfaReason)row.NfaReason,
            ReferrerFeedback = row.ReferrerFeedback,
            RepeatContact = row.RepeatContact,
            AlreadyOpen = row.AlreadyOpen,
            EarlyHelpOutcome = (EpisodeOutcome)row.EarlyHelpOutcome,
        };
        if (row.Recommendation is not null) result.Recommendation = Recommendation.Parser.ParseFrom(row.Recommendation);
        result.EarlierContacts.AddRange(earlier.OrderByDescending(e => e.Contact.ReceivedAt).Select(ToEarlierContact));
        return result;
    }

    static EarlierContact ToEarlierContact(EarlierRow e)
    {
        var request = Submitted(e.Contact);
        return new EarlierContact
        {
            ContactId = e.Contact.Id.ToString(),
            ChildId = e.Child.ChildId.ToString(),
            ReceivedAt = Timestamp.FromDateTimeOffset(e.Contact.ReceivedAt),
            ReferralSource = request.Referrer.ReferralSource,
            ReferrerAgency = e.Contact.Agency,
            ConcernCategories = { request.Concerns.Where(c => c.ChildIndexes.Count == 0 || c.ChildIndexes.Contains(e.Child.ChildIndex)).Select(c => c.Category).Distinct() },
            Status = (ChildStatus)e.Child.Status,
            Pathway = (Pathway)e.Child.Pathway,
            NfaReason = (NfaReason)e.Child.NfaReason,
        };
    }
}
