using Mash.Contracts.Events.V1;
using Mash.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;
using static Mash.Audit.Tests.Service.Events;

namespace Mash.Audit.Tests.Service;

/// <summary>
/// Audit started on a broker that still holds the queues of the audit before one stream: an empty
/// audit-clocks (to be deleted) and an audit-reports with one message in it (to be left alone).
/// </summary>
public sealed class UpgradedAuditHost : AuditHost
{
    protected override async Task BeforeStartAsync()
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { "audit-clocks", "audit-reports" })
        {
            await channel.ExchangeDeclareAsync(queue, ExchangeType.Fanout, durable: true);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueBindAsync(queue, queue, "");
        }
        await channel.BasicPublishAsync("", "audit-reports", mandatory: true, new BasicProperties { Persistent = true }, "left behind"u8.ToArray());
    }

    /// <summary>The queue's ready messages and consumers; null when it does not exist.</summary>
    public async Task<(uint Messages, uint Consumers)?> QueueAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try { var ok = await channel.QueueDeclarePassiveAsync(queue); return (ok.MessageCount, ok.ConsumerCount); }
        catch (OperationInterruptedException) { return null; }
    }
}

/// <summary>Audit as one stream (issue 18): one queue, one inbox claim, one transaction for the trail, the clocks and the reports.</summary>
public sealed class OneStreamTests(UpgradedAuditHost host) : IClassFixture<UpgradedAuditHost>
{
    [Fact]
    public async Task One_event_published_once_yields_its_trail_entry_clock_and_report_rows_from_audits_one_queue()
    {
        var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var received = Received(contact, DateTimeOffset.UtcNow, "walsall", child);
        await host.RecordAsync(received);

        // Committed with the trail entry: no waiting for another queue.
        var eventId = Guid.Parse(received.Header.EventId);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM clocks WHERE contact_id = $1 AND child_ids = ARRAY[$2]::text[] AND started_at IS NOT NULL", contact, child));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM report_contacts WHERE contact_id = $1 AND received_at IS NOT NULL", contact));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM report_children WHERE contact_id = $1 AND child_id = $2", contact, child));
        // One claim in the inbox, under the trail's name: (rows, rows of that name).
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1", eventId));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = 'RecordEventConsumer`1'", eventId));

        // The empty retired queue is gone, the one holding a message is left; audit consumes from audit-trail alone.
        // The retired queues are looked at in turn, audit-reports last: wait for its warning.
        await Eventually.Until(() => Task.FromResult(host.Audit.Output), o => o.Contains("The retired queue audit-reports still holds messages"), "audit-reports looked at");
        Assert.Null(await host.QueueAsync("audit-clocks"));
        Assert.Equal((1u, 0u), await host.QueueAsync("audit-reports"));
        Assert.True((await host.QueueAsync("audit-trail"))?.Consumers > 0);
        var queues = (await host.ManagementGetAsync($"queues/{Uri.EscapeDataString(host.VirtualHost)}?columns=name")).EnumerateArray()
            .Select(q => q.GetProperty("name").GetString()!).Where(n => n.StartsWith("audit", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["audit-reports", "audit-trail"], queues);
        Assert.Contains("Deleted the retired queue audit-clocks", host.Audit.Output);
    }

    [Fact]
    public async Task A_projection_that_throws_leaves_the_trail_entry_and_a_failure_row_and_the_next_event_projected()
    {
        var (episode, good, bad) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        // PostgreSQL text cannot hold a NUL character: the projection's insert fails, the trail (protobuf bytes) does not.
        var refused = Assessment(episode, bad, "walsall\0family-hub");
        var accepted = Assessment(episode, good, "walsall-family-hub");
        await host.RecordAsync(refused, accepted);

        var refusedId = Guid.Parse(refused.Header.EventId);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM trail_entries WHERE event_id = $1", refusedId));
        Assert.Equal(1, await Sql.CountAsync(host.Database, """
            SELECT count(*) FROM audit_side_effect_failures
             WHERE event_id = $1 AND failed = 'EarlyHelpAssessmentProjection' AND event_type = 'mash.events.v1.EarlyHelpAssessmentRecorded' AND error LIKE '%0x00%'
            """, refusedId));
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM audit_side_effect_failures WHERE event_id = $1", Guid.Parse(accepted.Header.EventId)));
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM report_early_help_assessments WHERE assessment_id = $1", bad));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM report_early_help_assessments WHERE assessment_id = $1", good));
        Assert.Contains($"event {refusedId} (mash.events.v1.EarlyHelpAssessmentRecorded) failed", host.Audit.Output);
    }

    static EarlyHelpAssessmentRecorded Assessment(string episode, string assessment, string organisation) => new()
    {
        Header = Header(""), EpisodeId = episode, AssessmentId = assessment, CompletedByOrganisation = organisation,
        AssessmentDate = new Mash.Contracts.Common.V1.Date { Year = 2026, Month = 12, Day = 1 },
    };
}
