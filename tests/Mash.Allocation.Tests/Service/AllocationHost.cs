using Google.Protobuf;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging.Inbox;
using Mash.Contracts.Allocation.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;

namespace Mash.Allocation.Tests.Service;

/// <summary>
/// Allocation alone, as a process, on its own database and vhost, reading the fixture localities
/// (with teams and workers) and bank holidays from its own temporary folder. Tests play thresholds
/// and early help by publishing their events, and call the API with tokens of each role. One
/// process serves every service test class (they run one after another, each on its own
/// localities), which spares the shared 2-core machine six more processes.
/// </summary>
public sealed class AllocationHost : IsolatedEnvironment
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Task> _once = new();

    public ServiceProcess Allocation { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mash-allocation-{Guid.NewGuid():N}");

    /// <summary>A screener of the test authority (walsall).</summary>
    public AllocationService.AllocationServiceClient Client => ClientAs(Role.Screener);

    public AllocationService.AllocationServiceClient Manager => ClientAs(Role.Manager);

    public AllocationService.AllocationServiceClient ClientAs(Role role, string authority = TestIdentity.Authority, string? subject = null, string agency = "") =>
        new(Allocation.Channel.WithBearerToken(DevTokens.Mint(TestIdentity.SigningKey, role, agency, authority, subject)));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var localities = Path.Combine(Folder, "localities");
        Directory.CreateDirectory(localities);
        await File.WriteAllTextAsync(Path.Combine(localities, "walsall.yaml"), Fixtures.LocalitiesFile("walsall", Fixtures.Walsall));
        await File.WriteAllTextAsync(Path.Combine(localities, "wolverhampton.yaml"), Fixtures.LocalitiesFile("wolverhampton", Fixtures.Wolverhampton));
        await File.WriteAllTextAsync(Path.Combine(Folder, "bank-holidays.json"), Fixtures.BankHolidays);

        Database = await CreateDatabaseAsync("allocation");
        Allocation = new ServiceProcess("Allocation", new Dictionary<string, string>(RabbitEnvironment("allocation"))
        {
            ["ConnectionStrings__Database"] = Database,
            [$"Logging__LogLevel__{InboxConsumerLog.PassedOverCategory}"] = "Debug",
            ["Allocation__LocalitiesPath"] = localities,
            ["Allocation__CalendarFile"] = Path.Combine(Folder, "bank-holidays.json"),
        });
        await Allocation.StartAsync();
    }

    /// <summary>Runs a setup once for the host; later callers get what the first one made.</summary>
    public Task<T> OnceAsync<T>(string key, Func<Task<T>> setup) => (Task<T>)_once.GetOrAdd(key, _ => setup());

    /// <summary>Publishes routings as thresholds would and waits until allocation has handled each.</summary>
    public async Task RouteAsync(params ChildRouted[] routings)
    {
        foreach (var routed in routings) await PublishAsync(routed);
        try
        {
            foreach (var routed in routings)
                await Eventually.Until(() => HandledOrPassedOverAsync(routed.Header.EventId, "ChildRoutedConsumer"), done => done, $"ChildRouted {routed.Header.EventId} handled");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; the service said:\n{string.Join('\n', Allocation.Output.Split('\n').TakeLast(40))}", e);
        }
    }

    /// <summary>The child's current case, as a screener of walsall reads it.</summary>
    public async Task<Contracts.Allocation.V1.Allocation> CaseOfAsync(ChildRouted routed) =>
        (await Client.GetAllocationAsync(new GetAllocationRequest { ChildId = routed.Header.ChildId })).Allocation;

    /// <summary>Routes children one after another (each placed before the next arrives) and returns their cases.</summary>
    public async Task<List<Contracts.Allocation.V1.Allocation>> RouteInTurnAsync(IEnumerable<ChildRouted> routings)
    {
        var cases = new List<Contracts.Allocation.V1.Allocation>();
        foreach (var routed in routings)
        {
            await RouteAsync(routed);
            cases.Add(await CaseOfAsync(routed));
        }
        return cases;
    }

    /// <summary>True once the consumer has handled the event or passed it over as none of its business (a routing to early help or NFA).</summary>
    public async Task<bool> HandledOrPassedOverAsync(string eventId, string consumer) =>
        Allocation.Output.Contains(InboxConsumerLog.PassedOver(consumer, eventId), StringComparison.Ordinal) || await HandledAsync(eventId, consumer);

    /// <summary>True once a consumer has handled the event (its inbox row commits with the effect).</summary>
    public async Task<bool> HandledAsync(string eventId, string consumer) =>
        await Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM inbox_messages WHERE message_id = $1 AND consumer = $2", Guid.Parse(eventId), consumer) > 0;

    public static async Task<RpcException> RefusedAsync(Func<Task> call, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    /// <summary>The fields an INVALID_ARGUMENT names.</summary>
    public static IEnumerable<string> Fields(RpcException error) =>
        error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field);

    public override async ValueTask DisposeAsync()
    {
        if (Allocation is not null) await Allocation.DisposeAsync();
        await base.DisposeAsync();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>The service test classes share one <see cref="AllocationHost"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AllocationCollection : ICollectionFixture<AllocationHost>
{
    public const string Name = "allocation service";
}
