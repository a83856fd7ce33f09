using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;

namespace Mash.Intake.Grpc;

static class QueueItems
{
    /// <summary>A partner's row: its contact and each child's status, not the hub's assessment of it.</summary>
    public static QueueItem ReferrerView(QueueItem item)
    {
        var view = item.Clone();
        (view.Rag, view.Level, view.RecommendedPathway) = (Rag.Unspecified, LevelOfNeed.Unspecified, Pathway.Unspecified);
        (view.RepeatContact, view.AlreadyOpen, view.OpenChecks, view.EarlyHelpOutcome) = (false, false, 0, EpisodeOutcome.Unspecified);
        return view;
    }

    public static QueueItem From(ContactChildRecord row, ContactRecord contact)
    {
        var request = ContactMapper.Submitted(contact);
        var child = request.Children[row.ChildIndex];
        var recommendation = row.Recommendation is null ? null : Recommendation.Parser.ParseFrom(row.Recommendation);
        var item = new QueueItem
        {
            ContactId = contact.Id.ToString(),
            ChildId = row.ChildId.ToString(),
            ChildDisplayName = $"{child.GivenNames} {child.FamilyName}".Trim(),
            Unborn = child.ExpectedDateOfBirth is not null,
            Status = (ChildStatus)row.Status,
            Rag = (Rag)row.Rag,
            Level = recommendation?.Level ?? LevelOfNeed.Unspecified,
            RecommendedPathway = recommendation?.Pathway ?? Pathway.Unspecified,
            ReceivedAt = Timestamp.FromDateTimeOffset(contact.ReceivedAt),
            LocalAuthority = row.LocalAuthority,
            Locality = row.Locality,
            ReferrerAgency = contact.Agency,
            ImmediateRisk = request.ImmediateRisk,
            ConcernCategories = { request.Concerns.Where(c => c.ChildIndexes.Count == 0 || c.ChildIndexes.Contains(row.ChildIndex)).Select(c => c.Category).Distinct() },
            RepeatContact = row.RepeatContact,
            AlreadyOpen = row.AlreadyOpen,
            EarlyHelpOutcome = (EpisodeOutcome)row.EarlyHelpOutcome,
        };
        if (child.DateOfBirth is not null)
            item.AgeYears = ChildAge.On(ChildAge.ToDateOnly(child.DateOfBirth), DateOnly.FromDateTime(contact.ReceivedAt.UtcDateTime)).Years;
        if (row.DecisionDeadline is { } deadline) item.DecisionDeadline = Timestamp.FromDateTimeOffset(deadline);
        return item;
    }
}
