using Mash.Testing;
using Xunit;

namespace Mash.Chaos.Tests;

/// <summary>
/// The promise, "no contact is lost or duplicated", in small (deploy/mash chaos is the large
/// run): a few hundred contacts through the five services on private servers while intake is killed
/// (-9) and restarted and the broker is killed and restarted. Private servers cannot be started
/// (not root, no PostgreSQL or RabbitMQ installed): the test fails with the reason, never skips.
/// </summary>
public sealed class ChaosTests
{
    [Fact]
    public async Task No_contact_is_lost_or_duplicated_when_a_service_is_killed_and_the_broker_restarted()
    {
        var output = new StringWriter();
        var options = new ChaosOptions(Contacts: 200, Seed: 7, Fault.Small, Concurrency: 6, Timeout: TimeSpan.FromMinutes(8));
        // Ports of their own, apart from deploy/mash chaos's defaults (5433, 5673), so both may run at once.
        var servers = new PrivateServers("mash-chaos-test", PostgresPort: 5434, AmqpPort: 5674);
        ChaosOutcome outcome;
        ChaosReport report;
        try
        {
            (outcome, report) = await ChaosSession.RunAsync(options, servers, TextWriter.Synchronized(output), TestContext.Current.CancellationToken);
        }
        finally
        {
            TestContext.Current.TestOutputHelper?.WriteLine(output.ToString());
        }

        Assert.Equal(Fault.Small, outcome.Faults.Select(f => f.Fault));
        Assert.True(report.Ok, "Discrepancies after the chaos run:\n" + output);
    }
}
