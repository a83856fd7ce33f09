using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.EarlyHelp.Domain;
using Mash.Testing;
using Xunit;
using static Mash.EarlyHelp.Tests.Service.Events;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Early help with its "now" read from a file the test moves (EarlyHelp__TimeFile). On a real clock
/// the at-risk test could not be set up outside office hours: at risk falls when a fifth of the 48
/// working hours is left, always in office hours, so no routing time puts an at-risk instant there.
/// </summary>
public sealed class ClockedEarlyHelpHost : EarlyHelpHost
{
    /// <summary>A Wednesday noon, far from weekends and bank holidays.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    ClockFile Clock => new(Folder);

    protected override IDictionary<string, string> Settings => new Dictionary<string, string> { ["EarlyHelp__TimeFile"] = Clock.Path };

    public override async ValueTask InitializeAsync()
    {
        await SetTimeAsync(Start);
        await base.InitializeAsync();
    }

    /// <summary>Moves the service's clock.</summary>
    public Task SetTimeAsync(DateTimeOffset now) => Clock.SetAsync(now);
}

/// <summary>
/// Early help runs the 48-hour clock itself: its scheduler raises ClockAtRisk with a fifth left and ClockBreached
/// at the deadline, once each, with no other event arriving. The clock starts at the routing time
/// the event carries, so a test sets where a clock stands by when it says the child was routed, and
/// moves the service's "now" to let time pass.
/// </summary>
public sealed class ClockTests(ClockedEarlyHelpHost host) : IClassFixture<ClockedEarlyHelpHost>
{
    static readonly DateTimeOffset Now = ClockedEarlyHelpHost.Start;

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<Episode> RoutedAsync(DateTimeOffset at)
    {
        var child = NewId();
        await host.PublishAsync(Routed(NewId(), child, "walsall-east", 5, SettingKind.PrimarySchool, at));
        return await host.EpisodeOfAsync(child);
    }

    [Fact]
    public async Task ClockAtRisk_comes_with_a_fifth_left_and_ClockBreached_at_the_deadline_each_once_with_no_other_event()
    {
        var (atRiskQueue, breachedQueue) = (await host.CaptureAsync<ClockAtRisk>(), await host.CaptureAsync<ClockBreached>());
        var (risks, breaches) = (new List<ClockAtRisk>(), new List<ClockBreached>());
        Task UntilAsync(Func<bool> done, string what) => Mash.Testing.Eventually.Until(async () =>
        {
            risks.AddRange(await host.DrainAsync<ClockAtRisk>(atRiskQueue));
            breaches.AddRange(await host.DrainAsync<ClockBreached>(breachedQueue));
            return done();
        }, d => d, what, EarlyHelpHost.Patience);

        await host.SetTimeAsync(Now);
        // At risk an hour from the service's now, due hours after that; routed two weeks ago: both owed at once.
        var soon = await RoutedAsync(ClockTimes.RoutedSoThatAtRiskAt(Now.AddHours(1)));
        var late = await RoutedAsync(Now.AddDays(-14));
        await UntilAsync(() => breaches.Any(e => e.Clock.SubjectId == late.EpisodeId), "the breach of the clock routed a week ago");
        // That pass saw the earlier clock too, and owed it nothing yet.
        Assert.DoesNotContain(risks, e => e.Clock.SubjectId == soon.EpisodeId);
        Assert.Equal(ClockState.Running, (await host.ReadAsync(soon.EpisodeId)).LeadProfessionalClock.State);

        // Two hours on, and nothing but time: the clock is at risk.
        await host.SetTimeAsync(Now.AddHours(2));
        await UntilAsync(() => risks.Any(e => e.Clock.SubjectId == soon.EpisodeId), "the at-risk alert of the clock whose hour has passed");

        var soonRisk = risks.Single(e => e.Clock.SubjectId == soon.EpisodeId);
        Assert.Equal((ClockKind.LeadProfessionalAllocated, soon.LeadProfessionalClock.ClockId, soon.LeadProfessionalClock.DueAt, "walsall-east", "early-help-panel:walsall-east"),
            (soonRisk.Clock.Kind, soonRisk.Clock.ClockId, soonRisk.Clock.DueAt, soonRisk.Clock.Locality, soonRisk.Clock.HeldBy));
        Assert.Equal((Timestamp.FromDateTimeOffset(LeadProfessionalClock.AtRiskAt(soon.LeadProfessionalClock)), Role.System, soon.ContactId, soon.EpisodeId),
            (soonRisk.Header.OccurredAt, soonRisk.Header.Actor.Role, soonRisk.Header.ContactId, soonRisk.Clock.SubjectId));
        Assert.Equal(ClockState.AtRisk, (await host.ReadAsync(soon.EpisodeId)).LeadProfessionalClock.State);
        Assert.Equal(late.LeadProfessionalClock.DueAt, breaches.Single(e => e.Clock.SubjectId == late.EpisodeId).Header.OccurredAt);
        Assert.Equal(ClockState.Breached, (await host.ReadAsync(late.EpisodeId)).LeadProfessionalClock.State);

        // A clock opened after those alerts went out is alerted by a later round of the scheduler;
        // once its breach is out, the earlier clocks have had that round too, and owed nothing more.
        var marker = await RoutedAsync(Now.AddHours(2).AddDays(-14));
        await UntilAsync(() => breaches.Any(e => e.Clock.SubjectId == marker.EpisodeId), "the marker clock's breach");
        Assert.Equal((1, 0), (risks.Count(e => e.Clock.SubjectId == soon.EpisodeId), breaches.Count(e => e.Clock.SubjectId == soon.EpisodeId)));
        Assert.Equal((1, 1), (risks.Count(e => e.Clock.SubjectId == late.EpisodeId), breaches.Count(e => e.Clock.SubjectId == late.EpisodeId)));
    }

    [Fact]
    public async Task A_lead_professional_taking_the_family_on_stops_the_clock_met_in_time_or_missed()
    {
        await host.SetTimeAsync(Now);
        var onTime = await RoutedAsync(Now.AddMinutes(-30));
        var met = (await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = onTime.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother" }, cancellationToken: Cancel)).Episode;
        Assert.Equal((ClockState.Met, EpisodeStatus.Active), (met.LeadProfessionalClock.State, met.Status));
        Assert.NotNull(met.LeadProfessionalClock.StoppedAt);

        var overdue = await RoutedAsync(Now.AddDays(-10));
        var missed = (await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = overdue.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother" }, cancellationToken: Cancel)).Episode;
        Assert.Equal(ClockState.Missed, missed.LeadProfessionalClock.State);
    }
}
