using Mash.Load;
using Xunit;

namespace Mash.Load.Tests;

public class QueueBacklogTests
{
    [Fact]
    public void A_queue_that_gained_more_than_the_slack_fails_the_phase()
    {
        var backlog = QueueBacklog.Of(
            new Dictionary<string, long> { ["audit"] = 0, ["audit-clocks"] = 2, ["intake"] = 3 },
            new Dictionary<string, long> { ["audit"] = 4, ["audit-clocks"] = 1_190, ["intake"] = 0, ["reports"] = 1 },
            slack: QueueBacklog.SlackFor(40));
        Assert.Equal(40, backlog.Slack);
        Assert.False(backlog.Sustained);
        Assert.Equal(["audit-clocks", "audit", "reports"], backlog.Gains.Select(g => g.Queue));
        Assert.Equal(1_188, backlog.Gains[0].Gained);
        Assert.Equal(["audit-clocks 2", "intake 3"], backlog.NotDrainedAtStart);
    }

    [Fact]
    public void Messages_in_flight_within_the_slack_keep_a_phase_sustained()
    {
        var backlog = QueueBacklog.Of(new Dictionary<string, long> { ["audit"] = 0 }, new Dictionary<string, long> { ["audit"] = 5 }, QueueBacklog.SlackFor(4.2));
        Assert.Equal(5, backlog.Slack);
        Assert.True(backlog.Sustained);
        Assert.Empty(backlog.NotDrainedAtStart);
    }

    [Fact]
    public void The_slack_is_at_least_one_message() => Assert.Equal(1, QueueBacklog.SlackFor(0));

    [Fact]
    public void The_slack_is_a_second_of_the_busiest_queues_traffic()
    {
        // 50 contacts a second into a queue that takes six messages of each: 300 in flight is not a backlog, 9,000 is.
        Assert.Equal(300, QueueBacklog.SlackFor(50, busiestQueueDeliveriesPerContact: 6));
        Assert.True(QueueBacklog.Of(new Dictionary<string, long> { ["audit-trail"] = 0 }, new Dictionary<string, long> { ["audit-trail"] = 290 }, QueueBacklog.SlackFor(50, 6)).Sustained);
        Assert.False(QueueBacklog.Of(new Dictionary<string, long> { ["audit-trail"] = 0 }, new Dictionary<string, long> { ["audit-trail"] = 9_118 }, QueueBacklog.SlackFor(50, 6)).Sustained);
    }
}
