using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// No contact is lost: intake is killed (-9) after SubmitContact answered OK and before the event
/// left its outbox; after a restart ContactReceived is delivered, and exactly once.
/// </summary>
public sealed class OutboxCrashTests(PipelineWithPausedOutbox pipeline) : IClassFixture<PipelineWithPausedOutbox>
{
    // The trail also holds what followed (thresholds' ChildTriaged per child): count the contact's own event.
    const string ContactReceivedInTrail = "SELECT count(*) FROM trail_entries WHERE contact_id = $1 AND event_type = 'mash.events.v1.ContactReceived'";

    [Fact]
    public async Task An_event_committed_before_a_crash_is_delivered_exactly_once_after_restart()
    {
        var response = await pipeline.IntakeClient.SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: TestContext.Current.CancellationToken);
        var contactId = Guid.Parse(response.ContactId);
        Assert.Equal(1, await Sql.CountAsync(pipeline.IntakeDb, "SELECT count(*) FROM outbox_messages WHERE message_type = 'mash.events.v1.ContactReceived'"));

        await pipeline.Intake.KillAsync();
        Assert.Equal(0, await Sql.CountOrZeroAsync(pipeline.ThresholdsDb, "SELECT count(*) FROM triage_items WHERE contact_id = $1", contactId));

        await pipeline.Intake.StartAsync();

        await Eventually.Until(() => Sql.CountOrZeroAsync(pipeline.ThresholdsDb, "SELECT count(*) FROM triage_items WHERE contact_id = $1", contactId),
            n => n == 2, "thresholds to receive the contact after the restart");
        await Eventually.Until(() => Sql.CountAsync(pipeline.IntakeDb, "SELECT count(*) FROM outbox_messages"), n => n == 0, "the outbox to drain");
        await Eventually.Until(
            () => Sql.CountOrZeroAsync(pipeline.AuditDb, ContactReceivedInTrail, response.ContactId),
            n => n == 1, "audit to record the event");

        // Exactly once: one delivery was handled by each consumer, and nothing more arrives later.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(1, await Sql.CountAsync(pipeline.ThresholdsDb, "SELECT count(*) FROM inbox_messages"));
        Assert.Equal(2, await Sql.CountAsync(pipeline.ThresholdsDb, "SELECT count(*) FROM triage_items WHERE contact_id = $1", contactId));
        Assert.Equal(1, await Sql.CountAsync(pipeline.AuditDb, ContactReceivedInTrail, response.ContactId));
    }
}
