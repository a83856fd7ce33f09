using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Intake.Data;
using Mash.Intake.Domain;
using Microsoft.EntityFrameworkCore;
using static Mash.Intake.Messaging.Headers;

namespace Mash.Intake.Messaging;

/// <summary>
/// A contact's first triage: each child is triaged, with a RAG rating, a decision deadline and the
/// recommendation the screener sees, all the contact's children in one statement.
/// </summary>
public sealed class ContactTriagedConsumer(IntakeDbContext db, StatementGroups<IntakeDbContext> groups) : InboxStatementConsumer<ContactTriaged, IntakeDbContext>(db, groups)
{
    protected override ValueTask<bool> ActsOnAsync(ContactTriaged message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Guid.TryParse(message.Header.ContactId, out _) && message.Children.Any(c => ChildRows.Names(c.Header)));

    protected override FormattableString Effect(ContactTriaged message) =>
        ChildRows.Triaged(Guid.Parse(message.Header.ContactId), [.. message.Children.Where(c => ChildRows.Names(c.Header))]);
}

/// <summary>The rules ran again on new facts: the child's RAG rating, decision deadline and recommendation change.</summary>
public sealed class ChildTriagedConsumer(IntakeDbContext db, StatementGroups<IntakeDbContext> groups) : InboxStatementConsumer<ChildTriaged, IntakeDbContext>(db, groups)
{
    protected override ValueTask<bool> ActsOnAsync(ChildTriaged message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ChildRows.Names(message.Header));

    protected override FormattableString Effect(ChildTriaged message) => ChildRows.Triaged(ChildRows.Key(message.Header).Contact, [message]);
}

/// <summary>Of the decisions, intake is sent only those it acts on (below); the others travel inside their ChildRouted or are followed by it.</summary>
public sealed class DecisionRecordedConsumerDefinition() : KeyedConsumerDefinition<DecisionRecordedConsumer, DecisionRecorded>(
    EventRoutes.Decisions.AwaitingCountersignature, EventRoutes.Decisions.WithoutPathway);

/// <summary>A screener's initial decision asked for multi-agency checks, or a decision waits for countersignature.</summary>
public sealed class DecisionRecordedConsumer(IntakeDbContext db) : InboxConsumer<DecisionRecorded, IntakeDbContext>(db)
{
    /// <summary>
    /// A decision that takes effect at once travels inside its ChildRouted, which carries the status
    /// and the RAG: only one that asks for checks or waits for countersignature changes anything here.
    /// </summary>
    protected override ValueTask<bool> ActsOnAsync(DecisionRecorded message, CancellationToken cancellationToken) => ValueTask.FromResult(ActsOn(message));

    public static bool ActsOn(DecisionRecorded message) => message.AwaitingCountersignature || message.Pathway == Pathway.Unspecified;

    protected override async Task Handle(DecisionRecorded message, CancellationToken cancellationToken)
    {
        if (await Db.FindAsync(message.Header.ContactId, message.Header.ChildId, cancellationToken) is not { } row) return;
        if (message.InitialOutcome == InitialDecisionOutcome.ScreeningRequired) row.MoveTo(ChildStatus.AwaitingChecks);
        if (message.AwaitingCountersignature) row.MoveTo(ChildStatus.AwaitingDecision);
        if (message.Rag != Rag.Unspecified) row.Rag = (int)message.Rag;
    }
}

/// <summary>Every routing changes the child's status here.</summary>
public sealed class ChildRoutedConsumerDefinition() : KeyedConsumerDefinition<ChildRoutedConsumer, ChildRouted>(EventRoutes.All);

/// <summary>
/// The final decision: the child's pathway, and for the referrer one line of feedback. Each pathway
/// the child is routed to stays open until an event closes it: a later routing to early help does
/// not hide an open child protection case.
/// </summary>
public sealed class ChildRoutedConsumer(IntakeDbContext db, StatementGroups<IntakeDbContext> groups) : InboxStatementConsumer<ChildRouted, IntakeDbContext>(db, groups)
{
    protected override ValueTask<bool> ActsOnAsync(ChildRouted message, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ChildRows.Names(message.Header));

    protected override FormattableString Effect(ChildRouted message)
    {
        var (contact, child) = ChildRows.Key(message.Header);
        int? rag = message.Rag == Rag.Unspecified ? null : (int)message.Rag;
        string? locality = message.Locality.Length > 0 ? message.Locality : null;
        return $"""
            , routed AS (
                UPDATE contact_children
                   SET status = CASE WHEN status = ANY({ChildStatusRules.Replaces(ChildStatus.Routed)}) THEN {(int)ChildStatus.Routed} ELSE status END,
                       pathway = {(int)message.Pathway}, rag = coalesce({rag}, rag), nfa_reason = {(int)message.NfaReason},
                       referrer_feedback = {message.ReferrerFeedback}, locality = coalesce({locality}, locality)
                 WHERE contact_id = {contact} AND child_id = {child} AND EXISTS (SELECT FROM claimed)
                RETURNING child_id)
            INSERT INTO child_openings (child_id, pathway, opened_at, on_child_protection_plan)
            SELECT child_id, {(int)message.Pathway}, {At(message.Header)}, false FROM routed WHERE {ChildStatusRules.Opens(message.Pathway)}
            ON CONFLICT (child_id, pathway) DO UPDATE SET opened_at = EXCLUDED.opened_at
            """;
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
        var ids = ChildRows.Ids(childIds);
        var routedThere = await Db.ContactChildren
            .Where(c => ids.Contains(c.ChildId) && c.Status == (int)ChildStatus.Routed && c.Pathway == (int)Pathway.EarlyHelp)
            .ToListAsync(cancellationToken);
        foreach (var row in routedThere) row.EarlyHelpOutcome = (int)message.Outcome;
        // Only early help ends: a child in need or child protection case the child also has stays open.
        await Db.ApplyAsync(childIds, OpenReferrals.EpisodeClosed, At(message.Header), cancellationToken);
    }
}

/// <summary>A strategy discussion found no further action: the child protection case closed without an assessment.</summary>
public sealed class StrategyDiscussionRecordedConsumer(IntakeDbContext db) : InboxConsumer<StrategyDiscussionRecorded, IntakeDbContext>(db)
{
    protected override Task Handle(StrategyDiscussionRecorded message, CancellationToken cancellationToken) =>
        Db.ApplyAsync([message.Header.ChildId], OpenReferrals.After(message.Outcome), At(message.Header), cancellationToken);
}

/// <summary>Social care stepped the child down to early help (with or without an assessment): its case there ended.</summary>
public sealed class StepDownRequestedConsumer(IntakeDbContext db) : InboxConsumer<StepDownRequested, IntakeDbContext>(db)
{
    protected override Task Handle(StepDownRequested message, CancellationToken cancellationToken) =>
        Db.ApplyAsync([message.Header.ChildId], OpenReferrals.StepDown, At(message.Header), cancellationToken);
}

/// <summary>A social work assessment ended in closure or step-down: the child is no longer open to social care.</summary>
public sealed class AssessmentCompletedConsumer(IntakeDbContext db) : InboxConsumer<AssessmentCompleted, IntakeDbContext>(db)
{
    protected override Task Handle(AssessmentCompleted message, CancellationToken cancellationToken) =>
        Db.ApplyAsync([message.Header.ChildId], OpenReferrals.After(message.Outcome), At(message.Header), cancellationToken);
}

/// <summary>An initial child protection conference: a plan keeps the child open to CP and on a plan; otherwise CIN or closed.</summary>
public sealed class InitialConferenceRecordedConsumer(IntakeDbContext db) : InboxConsumer<InitialConferenceRecorded, IntakeDbContext>(db)
{
    protected override Task Handle(InitialConferenceRecorded message, CancellationToken cancellationToken) =>
        Db.ApplyAsync([message.Header.ChildId], OpenReferrals.After(message.Outcome), At(message.Header), cancellationToken);
}

/// <summary>Intake is sent the episodes a step-down opened; one a MASH routing opened adds nothing to what its ChildRouted said.</summary>
public sealed class EarlyHelpEpisodeOpenedConsumerDefinition() : KeyedConsumerDefinition<EarlyHelpEpisodeOpenedConsumer, EarlyHelpEpisodeOpened>(
    EventRoutes.EpisodesOpened.From(EpisodeOrigin.StepDown));

/// <summary>
/// An early help episode opened after a step-down from social care: its children are open to
/// early help. A child routed to early help by the MASH is open from its ChildRouted, which comes
/// first; the episode's opening (or a sibling joining one) changes nothing of that here.
/// </summary>
public sealed class EarlyHelpEpisodeOpenedConsumer(IntakeDbContext db, StatementGroups<IntakeDbContext> groups) : InboxStatementConsumer<EarlyHelpEpisodeOpened, IntakeDbContext>(db, groups)
{
    protected override ValueTask<bool> ActsOnAsync(EarlyHelpEpisodeOpened message, CancellationToken cancellationToken) => ValueTask.FromResult(ActsOn(message));

    public static bool ActsOn(EarlyHelpEpisodeOpened message) => message.Origin == EpisodeOrigin.StepDown && ChildRows.Ids(message.ChildIds).Length > 0;

    protected override FormattableString Effect(EarlyHelpEpisodeOpened message)
    {
        var opened = OpenReferrals.EpisodeOpened;
        return $"""
            INSERT INTO child_openings (child_id, pathway, opened_at, on_child_protection_plan)
            SELECT id, {(int)opened.Open}, {At(message.Header)}, {opened.Plan} FROM unnest({ChildRows.Ids(message.ChildIds)}) AS id WHERE EXISTS (SELECT FROM claimed)
            ON CONFLICT (child_id, pathway) DO UPDATE
               SET opened_at = EXCLUDED.opened_at, on_child_protection_plan = child_openings.on_child_protection_plan OR EXCLUDED.on_child_protection_plan
            """;
    }
}

static class Headers
{
    public static DateTimeOffset At(EventHeader header) => header.OccurredAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow;
}
