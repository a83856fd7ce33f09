using Google.Protobuf;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using RabbitMQ.Client.Exceptions;
using Xunit;

namespace Mash.Audit.Reports.Tests.Service;

/// <summary>
/// One audit process for every test class of the collection: the fixture is published once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AuditCollection : ICollectionFixture<AuditHost>
{
    public const string Name = "audit reports";
}

/// <summary>
/// Audit alone, as a process, on its own database and vhost (reading the repository's
/// seeds/annex-a), with the hand-counted fixture of <see cref="ReportFixture"/> published and
/// projected before any test runs.
/// </summary>
public sealed class AuditHost : IsolatedEnvironment
{
    public ServiceProcess Audit { get; private set; } = null!;

    public string Database { get; private set; } = "";

    /// <summary>Distinct event ids published so far (a re-delivered copy is not counted).</summary>
    readonly HashSet<string> _published = [];

    public AuditService.AuditServiceClient ClientAs(Role role, string agency = "", string authority = TestIdentity.Authority) =>
        new(Audit.Channel.WithBearerToken(DevTokens.Mint(TestIdentity.SigningKey, role, agency, authority)));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Database = await CreateDatabaseAsync("audit");
        Audit = new ServiceProcess("Audit", new Dictionary<string, string>(RabbitEnvironment("audit"))
        {
            ["ConnectionStrings__Database"] = Database,
        });
        // The shared test machine can be slow to start a process; a start that fails still fails loudly.
        await Audit.StartAsync(timeout: TimeSpan.FromMinutes(3));
        // Events published before the queue is bound would be lost: wait for audit's one queue.
        await Eventually.Until(() => QueueExistsAsync("audit-trail"), exists => exists, "the audit-trail queue");

        foreach (var message in ReportFixture.Events())
            await PublishEventAsync(message);
        await ProjectedAsync();
    }

    /// <summary>Publishes and remembers the event id, so <see cref="ProjectedAsync"/> knows what to wait for.</summary>
    public async Task PublishEventAsync(IMessage message)
    {
        _published.Add(((Contracts.Events.V1.IEvent)message).Header.EventId);
        await PublishAsync(message);
    }

    /// <summary>
    /// Waits until the report projections have handled every event published (they commit with the
    /// event's trail entry). It gives up only when no event was handled for a minute, so a loaded
    /// machine slows the test down but a stuck consumer still fails it.
    /// </summary>
    public async Task ProjectedAsync()
    {
        var (handled, lastProgress) = (-1L, DateTime.UtcNow);
        while (true)
        {
            var now = await Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM trail_entries WHERE event_id = ANY($1)", PublishedIds);
            if (now >= _published.Count) return;
            if (now > handled) (handled, lastProgress) = (now, DateTime.UtcNow);
            else if (DateTime.UtcNow - lastProgress > TimeSpan.FromMinutes(1))
                throw new TimeoutException($"The report projections handled {handled} of {_published.Count} events and none for a minute:\n{Audit.Output}");
            await Task.Delay(100);
        }
    }

    public Guid[] PublishedIds => _published.Select(Guid.Parse).ToArray();

    async Task<bool> QueueExistsAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        try { await channel.QueueDeclarePassiveAsync(queue); return true; }
        catch (OperationInterruptedException) { return false; }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Audit is not null) await Audit.DisposeAsync();
        await base.DisposeAsync();
    }
}
