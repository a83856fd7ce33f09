using System.Text.Json;
using System.Text.RegularExpressions;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Messaging.Routing;
using Mash.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// Each service runs as its own broker user (deploy/rabbitmq/service-rights, applied by
/// deploy/rabbitmq/users.sh to this class's vhost as to a provisioned one), and those rights are
/// exactly what the code needs: what the running services bind, what their assemblies raise. A
/// new consumer or event that the file does not grant fails here (and the service at its start);
/// a right the code no longer needs fails here too. On the real broker a service's user is refused
/// every other service's queue and every event it does not raise.
/// </summary>
public sealed class BrokerRightsTests(Pipeline pipeline) : IClassFixture<Pipeline>
{
    static readonly (string Service, string Process)[] Services =
        [("intake", "Intake"), ("thresholds", "Thresholds"), ("earlyhelp", "EarlyHelp"), ("allocation", "Allocation"), ("audit", "Audit")];

    /// <summary>Every event's exchange: MassTransit's name for the CLR type, Namespace:Name, with ".topic" for a keyed event.</summary>
    static readonly string[] EventExchanges = [.. MessagingExtensions.EventTypes.ClrTypes.Select(EventRoutes.Exchange).Order()];

    string Vhost => Uri.EscapeDataString(pipeline.VirtualHost);

    sealed record Permissions(string Configure, string Write, string Read);

    async Task<Permissions> PermissionsOfAsync(string service)
    {
        var granted = await pipeline.ManagementGetAsync($"permissions/{Vhost}/{IsolatedEnvironment.BrokerUser(service)}");
        return new Permissions(granted.GetProperty("configure").GetString()!, granted.GetProperty("write").GetString()!, granted.GetProperty("read").GetString()!);
    }

    static string[] EventsMatching(string pattern) => [.. EventExchanges.Where(e => Regex.IsMatch(e, pattern))];

    /// <summary>The rights granted are those needed, no fewer and no more; the message says which differ.</summary>
    static void Same(string service, string right, IReadOnlyCollection<string> needed, IReadOnlyCollection<string> granted)
    {
        var missing = needed.Except(granted).ToList();
        var spare = granted.Except(needed).ToList();
        Assert.True(missing.Count == 0 && spare.Count == 0,
            $"{service}'s {right} right in deploy/rabbitmq/service-rights: needed but not granted [{string.Join(", ", missing)}]; " +
            $"granted but not needed [{string.Join(", ", spare)}]");
    }

    static string[] Exchanges(IEnumerable<string> clrNames) =>
        [.. clrNames.Select(n => EventRoutes.Exchange(MessagingExtensions.EventTypes.ClrTypes.Single(t => t.FullName == n))).Order()];

    [Fact]
    public async Task Each_user_may_read_exactly_the_events_its_service_binds_to()
    {
        var bindings = (await pipeline.ManagementGetAsync($"bindings/{Vhost}")).EnumerateArray().ToList();
        foreach (var (service, _) in Services)
        {
            var bound = bindings
                .Where(b => b.GetProperty("destination").GetString()!.StartsWith(service + "-", StringComparison.Ordinal))
                .Select(b => b.GetProperty("source").GetString()!)
                .Where(source => EventExchanges.Contains(source))
                .Distinct().Order().ToArray();
            Assert.NotEmpty(bound);

            Same(service, "read", needed: bound, granted: EventsMatching((await PermissionsOfAsync(service)).Read));
        }
    }

    [Fact]
    public async Task Each_user_may_publish_exactly_the_events_its_services_code_raises()
    {
        foreach (var (service, process) in Services)
        {
            var raised = Exchanges(RaisedEvents.In(ServiceProcess.AssemblyPath(process)));
            Assert.NotEmpty(raised);

            Same(service, "write", needed: raised, granted: EventsMatching((await PermissionsOfAsync(service)).Write));
        }
    }

    [Fact]
    public async Task Each_user_may_declare_the_events_it_reads_or_writes_and_no_other()
    {
        foreach (var (service, _) in Services)
        {
            var permissions = await PermissionsOfAsync(service);
            var readOrWritten = EventsMatching(permissions.Read).Union(EventsMatching(permissions.Write)).Order().ToArray();

            Same(service, "configure", needed: readOrWritten, granted: EventsMatching(permissions.Configure));
        }
    }

    [Fact]
    public async Task A_services_user_cannot_read_or_delete_another_services_queue()
    {
        var queues = (await pipeline.ManagementGetAsync($"queues/{Vhost}")).EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
        Assert.Contains("intake-child-routed", queues);
        Assert.Contains("earlyhelp-child-routed", queues);

        foreach (var (service, _) in Services)
        {
            await using var connection = await pipeline.ConnectAsync(IsolatedEnvironment.BrokerUser(service));
            foreach (var queue in queues.Where(q => !q.StartsWith(service + "-", StringComparison.Ordinal)))
            {
                await Refused(connection, $"{service} reading {queue}", channel => channel.BasicGetAsync(queue, autoAck: false));
                await Refused(connection, $"{service} deleting {queue}", channel => channel.QueueDeleteAsync(queue));
            }
        }
    }

    [Theory]
    [InlineData("earlyhelp", "Mash.Contracts.Events.V1:DecisionRecorded.topic")] // thresholds' decision, forged
    [InlineData("audit", "Mash.Contracts.Events.V1:ContactReceived")]    // audit reads every event, raises none of these
    [InlineData("thresholds", "intake-child-routed")]                     // another service's endpoint
    public async Task A_services_user_cannot_publish_where_it_has_no_business(string service, string exchange)
    {
        await using var connection = await pipeline.ConnectAsync(IsolatedEnvironment.BrokerUser(service));

        await Refused(connection, $"{service} publishing to {exchange}", channel =>
            channel.BasicPublishAsync(exchange, "", mandatory: false, new BasicProperties(), ReadOnlyMemory<byte>.Empty).AsTask());
    }

    /// <summary>
    /// The broker answers the operation by closing its channel with 403 ACCESS_REFUSED. A publish
    /// is not answered (no confirm asked): the close that follows it is what counts.
    /// </summary>
    static async Task Refused(IConnection connection, string what, Func<IChannel, Task> operation)
    {
        await using var channel = await connection.CreateChannelAsync();
        try { await operation(channel); }
        catch (OperationInterruptedException) { }
        var closed = await Eventually.Until(() => Task.FromResult(channel.CloseReason), reason => reason is not null, $"the broker to answer {what}");

        Assert.True(closed!.ReplyCode == 403, $"{what}: {closed.ReplyCode} {closed.ReplyText}");
    }
}
