using Mash.Audit.Domain.Reports;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>A contact: its referrer and receipt, and each child's census attributes and re-contact flags.</summary>
public sealed class ContactReceivedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<ContactReceived>(writes, clock)
{
    protected override async Task Handle(ContactReceived message, CancellationToken cancellationToken)
    {
        var facts = message.Facts ?? new ContactFacts();
        var receivedAt = At(facts.ReceivedAt) ?? OccurredAt(message);
        await Writes.WriteAsync($"""
            INSERT INTO report_contacts (contact_id, local_authority, received_at, referral_source, referrer_agency, referrer_agency_kind)
            VALUES ({message.Header.ContactId}, {message.Header.LocalAuthority}, {receivedAt}, {(int)facts.ReferralSource},
                    {facts.ReferrerAgency}, {(int)facts.ReferrerAgencyKind})
            ON CONFLICT (contact_id) DO UPDATE SET local_authority = EXCLUDED.local_authority, received_at = EXCLUDED.received_at,
                referral_source = EXCLUDED.referral_source, referrer_agency = EXCLUDED.referrer_agency,
                referrer_agency_kind = EXCLUDED.referrer_agency_kind
            """, cancellationToken);
        foreach (var child in facts.Children)
            await ChildFactsColumns.UpsertAsync(Writes, message.Header.ContactId, child, receivedAt, cancellationToken);
    }
}

/// <summary>Information added: the complete facts after it, so the children's attributes are replaced.</summary>
public sealed class ContactInformationAddedProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<ContactInformationAdded>(writes, clock)
{
    protected override async Task Handle(ContactInformationAdded message, CancellationToken cancellationToken)
    {
        foreach (var child in message.Facts?.Children ?? [])
            await ChildFactsColumns.UpsertAsync(Writes, message.Header.ContactId, child, OccurredAt(message), cancellationToken);
    }
}

/// <summary>A withdrawal before the decision: of the children it names, or of the whole contact when it names none.</summary>
public sealed class ContactWithdrawnProjection(ReportWrites writes, TimeProvider clock) : ReportProjection<ContactWithdrawn>(writes, clock)
{
    protected override async Task Handle(ContactWithdrawn message, CancellationToken cancellationToken)
    {
        var at = OccurredAt(message);
        if (message.ChildIds.Count == 0)
        {
            await Writes.WriteAsync($"""
                INSERT INTO report_contacts (contact_id, local_authority, withdrawn_at) VALUES ({message.Header.ContactId}, {message.Header.LocalAuthority}, {at})
                ON CONFLICT (contact_id) DO UPDATE SET withdrawn_at = EXCLUDED.withdrawn_at
                """, cancellationToken);
            return;
        }
        foreach (var childId in message.ChildIds)
            await ReportChildColumns.UpsertAsync(Writes, message.Header.ContactId, childId, "withdrawn_at", at, [], cancellationToken);
    }
}

static class ChildFactsColumns
{
    public static Task UpsertAsync(ReportWrites writes, string contactId, ChildFacts child, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var (birth, expected) = child.BirthCase switch
        {
            ChildFacts.BirthOneofCase.DateOfBirth => (child.DateOfBirth, false),
            ChildFacts.BirthOneofCase.ExpectedDateOfBirth => (child.ExpectedDateOfBirth, true),
            _ => (null, false),
        };
        return ReportChildColumns.UpsertAsync(writes, contactId, child.ChildId, "facts_at", at,
        [
            ("gender", (int)child.Gender),
            ("ethnicity", child.Ethnicity),
            ("disability", (int)child.Disability),
            ("birth_date", ReportPeriod.ToLocalDate(birth)?.ToDateOnly()),
            ("birth_expected", expected),
            ("repeat_contact", child.RepeatContact),
            ("contacts_in_last_12_months", child.ContactsInLast12Months),
        ], cancellationToken);
    }
}
