using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Messaging.Outbox;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Domain;
using Mash.EarlyHelp.Episodes;
using Mash.EarlyHelp.Hosting;
using Mash.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Early help's episodes, clock alerts and scheduler in this process on a real database of their own
/// (nothing started: no bus, no timer), "now" read from a file the test moves, so a test drives each
/// pass of the scheduler itself and counts what it did.
/// </summary>
public sealed class InProcessEarlyHelp : IsolatedEnvironment
{
    readonly string _folder = Path.Combine(Path.GetTempPath(), $"mash-earlyhelp-inproc-{Guid.NewGuid():N}");
    ServiceProvider? _services;

    public IServiceProvider Services => _services!;

    public string Database { get; private set; } = "";

    public ClockFile Clock => new(_folder);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Path.Combine(_folder, "directory"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "directory", "test.yaml"), TestDirectory.Walsall);
        await Clock.SetAsync(ClockedEarlyHelpHost.Start);
        Database = await CreateDatabaseAsync("earlyhelp_inproc");
        await DatabaseMigrator.MigrateAsync(Database, typeof(EarlyHelpDbContext).Assembly, NullLogger.Instance);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Database"] = Database;
        builder.Configuration["EarlyHelp:DirectoryPath"] = Path.Combine(_folder, "directory");
        builder.Configuration["EarlyHelp:TimeFile"] = Clock.Path;
        builder.AddServiceDatabase<EarlyHelpDbContext>();
        builder.AddEarlyHelpPathway();
        builder.Services.AddSingleton<ClockScheduler>();
        _services = builder.Services.BuildServiceProvider();
    }

    public override async ValueTask DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await base.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>
/// The scheduler never picks a clock it has already raised. It used to take every running or at-risk
/// clock past its at-risk instant, oldest deadline first: a hundred clocks already at risk filled each
/// batch, the tick fetched the same hundred for ever, and a clock turning at risk behind them was never
/// alerted. Counted here in passes and rows examined, not in time.
/// </summary>
public sealed class ClockSchedulerTests(InProcessEarlyHelp host) : IClassFixture<InProcessEarlyHelp>
{
    static readonly DateTimeOffset Now = ClockedEarlyHelpHost.Start;

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_500_clocks_already_at_risk_a_clock_turning_at_risk_is_alerted_at_the_next_pass_and_the_tick_ends()
    {
        var scheduler = host.Services.GetRequiredService<ClockScheduler>();
        // Only guards against a tick that never ends (which is the fault): the assertions count passes.
        using var hang = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        hang.CancelAfter(TimeSpan.FromMinutes(5));

        // 500 clocks that turned at risk in the last four hours, none of them due yet.
        await host.Clock.SetAsync(Now);
        var atRisk = new List<Guid>();
        for (var i = 0; i < 500; i++)
            atRisk.Add(await OpenAsync(ClockTimes.RoutedSoThatAtRiskAt(Now.AddSeconds(-30 * (i + 1)))));
        Assert.Equal(6, await scheduler.RaiseAllDueAsync(hang.Token)); // five full batches, then a short one
        Assert.Equal(500, await CountAsync("SELECT count(*) FROM episodes WHERE clock_state = $1", (int)ClockState.AtRisk));
        Assert.Equal(500, await AtRiskAlertsAsync());

        // One more clock, at risk an hour on and due after all of them (behind them in deadline order).
        var late = await OpenAsync(ClockTimes.RoutedSoThatAtRiskAt(Now.AddHours(1)));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM episodes WHERE id <> $1 AND due_at >= (SELECT due_at FROM episodes WHERE id = $1)", late));

        var instant = await AtRiskInstantAsync(late);

        // Before its instant it owes nothing, and none of the 500 is looked at again.
        await host.Clock.SetAsync(instant.AddMinutes(-1));
        Assert.Equal(0, await ExamineOnceAsync());

        // At its instant: one pass of the tick, and it is alerted, once.
        await host.Clock.SetAsync(instant);
        Assert.Equal(1, await scheduler.RaiseAllDueAsync(hang.Token));
        Assert.Equal((long)ClockState.AtRisk, await CountAsync("SELECT clock_state FROM episodes WHERE id = $1", late));
        Assert.Equal(501, await AtRiskAlertsAsync());
        Assert.Equal(1, await AtRiskAlertsAsync(late));

        // Nothing is owed now: the next pass examines no row.
        Assert.Equal(0, await ExamineOnceAsync());
        Assert.Equal(1, await scheduler.RaiseAllDueAsync(hang.Token));
        Assert.Equal(501, await AtRiskAlertsAsync());
    }

    /// <summary>One batch of the clock alerts at the file's "now"; the rows it looked at.</summary>
    async Task<int> ExamineOnceAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        return await scope.ServiceProvider.GetRequiredService<ClockAlerts>().RaiseDueAsync(now, Cancel);
    }

    async Task<DateTimeOffset> AtRiskInstantAsync(Guid episode)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<EarlyHelpDbContext>().Episodes.SingleAsync(e => e.Id == episode, Cancel);
        return LeadProfessionalClock.AtRiskAt(row.Message().LeadProfessionalClock);
    }

    /// <summary>Opens an episode for a new child routed at <paramref name="routedAt"/>, as the ChildRouted consumer does.</summary>
    async Task<Guid> OpenAsync(DateTimeOffset routedAt)
    {
        var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EarlyHelpDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
        await scope.ServiceProvider.GetRequiredService<EpisodeOpening>().ArriveAsync(new Arrival("walsall", "walsall-east", contact,
            new EpisodeChild { ChildId = child, ContactId = contact, AgeYears = 5, Setting = new Setting { Kind = SettingKind.PrimarySchool } },
            EpisodeOrigin.MashRouting, routedAt, "", Guid.NewGuid().ToString(), LeadProfessionalClock.AllowanceOf([])), Cancel);
        await db.SaveChangesAsync(Cancel);
        await transaction.CommitAsync(Cancel);
        return await db.EpisodeChildren.Where(c => c.ChildId == Guid.Parse(child)).Select(c => c.EpisodeId).SingleAsync(Cancel);
    }

    /// <summary>ClockAtRisk events waiting in the outbox (nothing dispatches them here), of one episode or all.</summary>
    async Task<int> AtRiskAlertsAsync(Guid? episode = null)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var bodies = await scope.ServiceProvider.GetRequiredService<EarlyHelpDbContext>().Set<OutboxMessage>()
            .Where(m => m.MessageType == ClockAtRisk.Descriptor.FullName).Select(m => m.Body).ToListAsync(Cancel);
        return bodies.Select(ClockAtRisk.Parser.ParseFrom).Count(e => episode is null || e.Clock.SubjectId == episode.ToString());
    }

    Task<long> CountAsync(string query, params object[] parameters) => Sql.CountAsync(host.Database, query, parameters);
}
