using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// Reduces a submitted contact to the facts the threshold rules evaluate: ages, codes, postcodes
/// and flags, never names, NHS numbers, street addresses or free text (those stay in intake).
/// </summary>
public static class ContactFactsBuilder
{
    public static ContactFacts Build(SubmitContactRequest request, IReadOnlyList<ChildHistory> histories, DateTimeOffset receivedAt)
    {
        var receivedOn = DateOnly.FromDateTime(receivedAt.UtcDateTime);
        var facts = new ContactFacts
        {
            ReferralSource = request.Referrer?.ReferralSource ?? ReferralSource.Unspecified,
            ReferrerAgency = request.Referrer?.Agency ?? "",
            ReferrerAgencyKind = request.Referrer?.AgencyKind ?? AgencyKind.Unspecified,
            ImmediateRisk = request.ImmediateRisk,
            InformationOnly = request.InformationOnly,
            Consent = request.Consent?.State ?? ConsentState.Unspecified,
            ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt),
            DomesticAbuseRisk = request.DomesticAbuseRisk,
            PreviousChildrenRemoved = request.PreviousChildrenRemoved,
            CareProceedings = request.CareProceedings,
        };

        for (var index = 0; index < request.Children.Count; index++)
        {
            var child = request.Children[index];
            var childFacts = new ChildFacts
            {
                ChildId = histories[index].ChildId.ToString(),
                RepeatContact = histories[index].IsRepeatContact(receivedAt),
                ContactsInLast12Months = histories[index].ContactsInLast12Months(receivedAt),
                AlreadyOpen = histories[index].AlreadyOpen,
                OpenPathway = histories[index].OpenPathway,
                OpenPathways = { histories[index].OpenPathways },
                OnChildProtectionPlan = histories[index].OnChildProtectionPlan,
                Gender = child.Gender,
                Ethnicity = child.Ethnicity,
                Disability = child.Disability,
                Postcode = Postcode.Normalise(child.Address?.Postcode),
                Setting = child.Setting,
                NotIndependentlyMobile = child.NotIndependentlyMobile,
                ExploitationRisk = child.ExploitationRisk,
                NowhereSafeToSleepTonight = child.NowhereSafeToSleepTonight,
            };
            if (child.DateOfBirth is not null)
            {
                childFacts.DateOfBirth = child.DateOfBirth;
                var age = ChildAge.On(ChildAge.ToDateOnly(child.DateOfBirth), receivedOn);
                (childFacts.AgeYears, childFacts.AgeMonths) = (age.Years, age.Months);
            }
            else if (child.ExpectedDateOfBirth is not null)
            {
                childFacts.ExpectedDateOfBirth = child.ExpectedDateOfBirth;
            }

            // A concern naming no children is about every child of the contact.
            childFacts.Concerns.AddRange(request.Concerns
                .Where(c => c.ChildIndexes.Count == 0 || c.ChildIndexes.Contains(index))
                .Select(c => new ConcernFact { Category = c.Category, Subject = c.Subject }));
            facts.Children.Add(childFacts);
        }

        foreach (var person in request.Household)
        {
            var member = new HouseholdMemberFacts
            {
                Relationship = person.Relationship,
                LivesWithChildren = person.LivesWithChildren,
                HasParentalResponsibility = person.HasParentalResponsibility,
            };
            if (person.DateOfBirth is not null)
                member.AgeYears = ChildAge.On(ChildAge.ToDateOnly(person.DateOfBirth), receivedOn).Years;
            facts.Household.Add(member);
        }
        return facts;
    }
}
