using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.EarlyHelp.Domain;
using Xunit;
using static Mash.EarlyHelp.Tests.Service.Events;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Early help runs the 48-hour clock itself: its scheduler raises ClockAtRisk at 80% and ClockBreached
/// at the deadline, once each, with no other event arriving. The clock starts at the routing time
/// the event carries, so a test sets where a clock stands by when it says the child was routed.
/// </summary>
public sealed class ClockTests(EarlyHelpHost host) : IClassFixture<EarlyHelpHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The routing time whose clock becomes at risk at <paramref name="atRisk"/> (the at-risk instant rises with the start).</summary>
    static DateTimeOffset RoutedSoThatAtRiskAt(DateTimeOffset atRisk)
    {
        var (low, high) = (atRisk.AddDays(-14), atRisk);
        while (high - low > TimeSpan.FromMilliseconds(10))
        {
            var middle = low + (high - low) / 2;
            if (LeadProfessionalClock.AtRiskAt(LeadProfessionalClock.Start(Guid.Empty, middle, Domain.Fixtures.Calendar)) < atRisk) low = middle;
            else high = middle;
        }
        return high;
    }

    async Task<Episode> RoutedAsync(DateTimeOffset at)
    {
        var child = NewId();
        await host.PublishAsync(Routed(NewId(), child, "walsall-east", 5, SettingKind.PrimarySchool, at));
        return await host.EpisodeOfAsync(child);
    }

    [Fact]
    public async Task ClockAtRisk_comes_at_80_percent_and_ClockBreached_at_the_deadline_each_once_with_no_other_event()
    {
        var (atRiskQueue, breachedQueue) = (await host.CaptureAsync<ClockAtRisk>(), await host.CaptureAsync<ClockBreached>());
        var (risks, breaches) = (new List<ClockAtRisk>(), new List<ClockBreached>());
        Task UntilAsync(Func<bool> done, string what) => Mash.Testing.Eventually.Until(async () =>
        {
            risks.AddRange(await host.DrainAsync<ClockAtRisk>(atRiskQueue));
            breaches.AddRange(await host.DrainAsync<ClockBreached>(breachedQueue));
            return done();
        }, d => d, what);

        // At risk a few seconds from now, due hours later: only ClockAtRisk is owed, and nothing but time brings it.
        var soon = await RoutedAsync(RoutedSoThatAtRiskAt(DateTimeOffset.UtcNow.AddSeconds(5)));
        // Routed a week ago: both are owed at once.
        var late = await RoutedAsync(DateTimeOffset.UtcNow.AddDays(-7));
        await UntilAsync(() => risks.Any(e => e.Clock.SubjectId == soon.EpisodeId) && breaches.Any(e => e.Clock.SubjectId == late.EpisodeId), "the alerts of both clocks");

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
        var marker = await RoutedAsync(DateTimeOffset.UtcNow.AddDays(-7));
        await UntilAsync(() => breaches.Any(e => e.Clock.SubjectId == marker.EpisodeId), "the marker clock's breach");
        Assert.Equal((1, 0), (risks.Count(e => e.Clock.SubjectId == soon.EpisodeId), breaches.Count(e => e.Clock.SubjectId == soon.EpisodeId)));
        Assert.Equal((1, 1), (risks.Count(e => e.Clock.SubjectId == late.EpisodeId), breaches.Count(e => e.Clock.SubjectId == late.EpisodeId)));
    }

    [Fact]
    public async Task A_lead_professional_taking_the_family_on_stops_the_clock_met_in_time_or_missed()
    {
        var onTime = await RoutedAsync(DateTimeOffset.UtcNow.AddMinutes(-30));
        var met = (await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = onTime.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother" }, cancellationToken: Cancel)).Episode;
        Assert.Equal((ClockState.Met, EpisodeStatus.Active), (met.LeadProfessionalClock.State, met.Status));
        Assert.NotNull(met.LeadProfessionalClock.StoppedAt);

        var overdue = await RoutedAsync(DateTimeOffset.UtcNow.AddDays(-10));
        var missed = (await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = overdue.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "mother" }, cancellationToken: Cancel)).Episode;
        Assert.Equal(ClockState.Missed, missed.LeadProfessionalClock.State);
    }
}
