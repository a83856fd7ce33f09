using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Messaging;

/// <summary>The rules recommended: the child is triaged, with a RAG rating and a decision deadline.</summary>
public sealed class ChildTriagedConsumer(IntakeDbContext db) : InboxConsumer<ChildTriaged, IntakeDbContext>(db)
{
    protected override async Task Handle(ChildTriaged message, CancellationToken cancellationToken)
    {
        if (await Db.FindAsync(message.Header.ContactId, message.Header.ChildId, cancellationToken) is not { } row) return;
        row.MoveTo(ChildStatus.Triaged);
        row.LocalAuthority = message.Header.LocalAuthority;
        row.Locality = message.Locality;
        row.Rag = (int)message.Recommendation.Rag;
        row.DecisionDeadline = message.Recommendation.DecisionDeadline?.ToDateTimeOffset();
        row.Recommendation = Google.Protobuf.MessageExtensions.ToByteArray(message.Recommendation);
    }
}

/// <summary>A screener's initial decision asked for multi-agency checks, or a decision waits for countersignature.</summary>
public sealed class DecisionRecordedConsumer(IntakeDbContext db) : InboxConsumer<DecisionRecorded, IntakeDbContext>(db)
{
    protected override async Task Handle(DecisionRecorded message, CancellationToken cancellationToken)
    {
        if (await Db.FindAsync(message.Header.ContactId, message.Header.ChildId, cancellationToken) is not { } row) return;
        if (message.InitialOutcome == InitialDecisionOutcome.ScreeningRequired) row.MoveTo(ChildStatus.AwaitingChecks);
        if (message.AwaitingCountersignature) row.MoveTo(ChildStatus.AwaitingDecision);
        if (message.Rag != Rag.Unspecified) row.Rag = (int)message.Rag;
    }
}

/// <summary>The final decision: the child's pathway, and for the referrer one line of feedback.</summary>
public sealed class ChildRoutedConsumer(IntakeDbContext db) : InboxConsumer<ChildRouted, IntakeDbContext>(db)
{
    protected override async Task Handle(ChildRouted message, CancellationToken cancellationToken)
    {
        if (await Db.FindAsync(message.Header.ContactId, message.Header.ChildId, cancellationToken) is not { } row) return;
        row.MoveTo(ChildStatus.Routed);
        row.Pathway = (int)message.Pathway;
        row.NfaReason = (int)message.NfaReason;
        row.ReferrerFeedback = message.ReferrerFeedback;
        if (message.Locality.Length > 0) row.Locality = message.Locality;

        if (!ChildStatusRules.Opens(message.Pathway)) return;
        var openedAt = message.Header.OccurredAt.ToDateTimeOffset();
        var opening = await Db.ChildOpenings.SingleOrDefaultAsync(o => o.ChildId == row.ChildId, cancellationToken);
        if (opening is null) Db.ChildOpenings.Add(new ChildOpening { ChildId = row.ChildId, Pathway = (int)message.Pathway, OpenedAt = openedAt });
        else (opening.Pathway, opening.OpenedAt) = ((int)message.Pathway, openedAt);
    }
}

/// <summary>
/// An early help episode closed: its children are no longer open to early help, and the screener
/// sees how it ended on each child routed there (a family that declined can be reconsidered).
/// </summary>
public sealed class EpisodeClosedConsumer(IntakeDbContext db) : InboxConsumer<EpisodeClosed, IntakeDbContext>(db)
{
    protected override async Task Handle(EpisodeClosed message, CancellationToken cancellationToken)
    {
        var childIds = message.ChildIds.Append(message.Header.ChildId).ToList();
        var ids = childIds.Select(id => Guid.TryParse(id, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var routedThere = await Db.ContactChildren
            .Where(c => ids.Contains(c.ChildId) && c.Status == (int)ChildStatus.Routed && c.Pathway == (int)Pathway.EarlyHelp)
            .ToListAsync(cancellationToken);
        foreach (var row in routedThere) row.EarlyHelpOutcome = (int)message.Outcome;
        await Db.CloseAsync(childIds, cancellationToken);
    }
}

/// <summary>A strategy discussion found no further action: the child protection case closed without an assessment.</summary>
public sealed class StrategyDiscussionRecordedConsumer(IntakeDbContext db) : InboxConsumer<StrategyDiscussionRecorded, IntakeDbContext>(db)
{
    protected override Task Handle(StrategyDiscussionRecorded message, CancellationToken cancellationToken) =>
        ChildStatusRules.Closes(message.Outcome) ? Db.CloseAsync([message.Header.ChildId], cancellationToken) : Task.CompletedTask;
}

/// <summary>Social care stepped the child down to early help (with or without an assessment): its case there ended.</summary>
public sealed class StepDownRequestedConsumer(IntakeDbContext db) : InboxConsumer<StepDownRequested, IntakeDbContext>(db)
{
    protected override Task Handle(StepDownRequested message, CancellationToken cancellationToken) =>
        Db.CloseAsync([message.Header.ChildId], cancellationToken);
}

/// <summary>A social work assessment ended in closure or step-down: the child is no longer open to social care.</summary>
public sealed class AssessmentCompletedConsumer(IntakeDbContext db) : InboxConsumer<AssessmentCompleted, IntakeDbContext>(db)
{
    protected override Task Handle(AssessmentCompleted message, CancellationToken cancellationToken) =>
        ChildStatusRules.Closes(message.Outcome) ? Db.CloseAsync([message.Header.ChildId], cancellationToken) : Task.CompletedTask;
}
