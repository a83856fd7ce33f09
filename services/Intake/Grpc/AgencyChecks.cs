using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Data;

namespace Mash.Intake.Grpc;

static class AgencyChecks
{
    /// <summary>
    /// A check as the asked agency sees it: with the children and household it needs to search its
    /// own systems (shared for safeguarding under the hub's information-sharing agreement).
    /// </summary>
    public static AgencyCheck ToMessage(AgencyCheckRecord check, ContactRecord contact, SubmitContactRequest submitted)
    {
        var message = new AgencyCheck
        {
            CheckId = check.Id.ToString(),
            ContactId = check.ContactId.ToString(),
            ChildIds = { check.ChildIds.Select(id => id.ToString()) },
            AgencyKind = (AgencyKind)check.AgencyKind,
            Agency = check.Agency,
            LocalAuthority = check.LocalAuthority,
            Question = check.Question,
            Rag = (Rag)check.Rag,
            RequestedAt = Timestamp.FromDateTimeOffset(check.RequestedAt),
            DueAt = Timestamp.FromDateTimeOffset(check.DueAt),
            RequestedBy = Actor.Parser.ParseFrom(check.RequestedBy),
            State = (AgencyCheckState)check.State,
            Household = { submitted.Household },
        };
        foreach (var row in contact.Children.Where(c => check.ChildIds.Contains(c.ChildId)).OrderBy(c => c.ChildIndex))
        {
            var child = submitted.Children[row.ChildIndex].Clone();
            child.ChildId = row.ChildId.ToString();
            message.Subjects.Add(child);
        }
        if (check.Answer is not null) message.Answer = AgencyCheckAnswer.Parser.ParseFrom(check.Answer);
        return message;
    }
}
