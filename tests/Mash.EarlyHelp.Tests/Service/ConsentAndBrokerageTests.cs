using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;
using static Mash.EarlyHelp.Tests.Service.Events;
using static Mash.EarlyHelp.Tests.Service.TestDirectory;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Consent gates brokerage; brokerage chooses by locality, age, setting and free capacity; a family
/// nobody can take waits in the panel queue until a place comes free; a manager may choose by hand.
/// </summary>
public sealed class ConsentAndBrokerageTests(EarlyHelpHost host) : IClassFixture<EarlyHelpHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A family of children (age, setting) routed to early help in a locality; its episode once opened.</summary>
    async Task<Episode> FamilyAsync(string locality, DateTimeOffset? at = null, params (int Age, SettingKind Setting)[] children)
    {
        var contact = NewId();
        var ids = children.Select(_ => NewId()).ToList();
        for (var i = 0; i < children.Length; i++)
            await host.PublishAsync(Routed(contact, ids[i], locality, children[i].Age, children[i].Setting, at, siblings: ids.Where(id => id != ids[i])));
        return await host.EpisodeOfAsync(ids[0], e => e.Children.Count == children.Length, "the family's episode");
    }

    Task<RecordConsentResponse> ConsentAsync(Episode episode, EarlyHelpConsentDecision decision = EarlyHelpConsentDecision.Given, EarlyHelpService.EarlyHelpServiceClient? as_ = null) =>
        (as_ ?? host.Client).RecordConsentAsync(new RecordConsentRequest { EpisodeId = episode.EpisodeId, Decision = decision, GivenBy = "mother" }, cancellationToken: Cancel).ResponseAsync;

    static string? Lead(Episode episode) => episode.LeadProfessional?.LeadProfessional?.LeadProfessionalId;

    [Fact]
    public async Task Nobody_is_brokered_before_consent_and_consent_brokers_by_age_setting_whole_family_and_capacity()
    {
        var allocated = await host.CaptureAsync<LeadProfessionalAllocated>();
        var toddler = await FamilyAsync("walsall-north", null, (2, SettingKind.None));
        Assert.Equal((EpisodeStatus.AwaitingConsent, null), (toddler.Status, Lead(toddler)));
        await Reads.RefusedAsync(() => host.ClientAs(Role.Manager).AssignLeadProfessionalAsync(
            new AssignLeadProfessionalRequest { EpisodeId = toddler.EpisodeId, LeadProfessionalId = NorthHub, Reason = "Knows the family" }, cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        Assert.Null(Lead(await host.ReadAsync(toddler.EpisodeId)));

        // An under-five: the health visitor.
        var given = (await ConsentAsync(toddler)).Episode;
        Assert.Equal((EpisodeStatus.Active, NorthHealthVisitor, AssignmentMode.Brokered, ClockState.Met),
            (given.Status, Lead(given), given.LeadProfessional.Mode, given.LeadProfessionalClock.State));
        // A primary-school child: the school's safeguarding lead, not the hub that takes any age.
        var pupil = (await ConsentAsync(await FamilyAsync("walsall-north", null, (7, SettingKind.PrimarySchool)))).Episode;
        Assert.Equal(NorthPrimary, Lead(pupil));
        // A toddler and a schoolchild together: one lead professional for the family, the hub.
        var siblings = (await ConsentAsync(await FamilyAsync("walsall-north", null, (1, SettingKind.None), (9, SettingKind.PrimarySchool)))).Episode;
        Assert.Equal(NorthHub, Lead(siblings));
        // The health visitor is full: the hub takes the next toddler; then the hub is full too (2 places).
        Assert.Equal(NorthHub, Lead((await ConsentAsync(await FamilyAsync("walsall-north", null, (3, SettingKind.EarlyYears)))).Episode));
        var waiting = (await ConsentAsync(await FamilyAsync("walsall-north", null, (0, SettingKind.None)))).Episode;
        Assert.Equal((EpisodeStatus.AwaitingLeadProfessional, null, ClockState.Running), (waiting.Status, Lead(waiting), waiting.LeadProfessionalClock.State));
        // Nobody in the west covers a schoolchild (only a health visitor works there); and the east hub is never lent to the west.
        var west = (await ConsentAsync(await FamilyAsync("walsall-west", null, (8, SettingKind.PrimarySchool)))).Episode;
        Assert.Equal(EpisodeStatus.AwaitingLeadProfessional, west.Status);

        var events = await host.CollectAsync<LeadProfessionalAllocated>(allocated, a => a.EpisodeId == toddler.EpisodeId, 1, "LeadProfessionalAllocated");
        var first = events.Single();
        Assert.Equal((NorthHealthVisitor, AssignmentMode.Brokered, Role.System, "walsall-north", AgencyKind.Health),
            (first.LeadProfessionalId, first.Mode, first.Header.Actor.Role, first.Locality, first.AgencyKind));
        Assert.StartsWith("Brokered in walsall-north", first.Reason);
    }

    [Fact]
    public async Task The_directory_lists_each_lead_professional_with_their_open_families_against_capacity()
    {
        async Task<Dictionary<string, LeadProfessionalPlaces>> PlacesAsync(string locality) =>
            (await host.Client.ListLeadProfessionalsAsync(new ListLeadProfessionalsRequest { Locality = locality }, cancellationToken: Cancel))
                .LeadProfessionals.ToDictionary(p => p.LeadProfessional.LeadProfessionalId);

        var before = await PlacesAsync("walsall-west");
        Assert.Equal([WestHealthVisitor], before.Keys);
        Assert.Equal((5, 0, 4, "walsall-west"), (before[WestHealthVisitor].Capacity, before[WestHealthVisitor].AgeFrom, before[WestHealthVisitor].AgeTo, before[WestHealthVisitor].LeadProfessional.Locality));

        // A toddler's family in the west is brokered to its health visitor: one more open family there.
        var brokered = (await ConsentAsync(await FamilyAsync("walsall-west", null, (1, SettingKind.None)))).Episode;
        Assert.Equal(WestHealthVisitor, Lead(brokered));
        Assert.Equal(before[WestHealthVisitor].OpenEpisodes + 1, (await PlacesAsync("walsall-west"))[WestHealthVisitor].OpenEpisodes);

        // Every locality of the caller's authority when none is named; another authority's staff see only theirs.
        var all = (await host.Client.ListLeadProfessionalsAsync(new ListLeadProfessionalsRequest(), cancellationToken: Cancel)).LeadProfessionals;
        Assert.True(all.Select(p => p.LeadProfessional.Locality).Distinct().Count() > 1);
        var elsewhere = await host.ClientAs(Role.Manager, authority: "wolverhampton").ListLeadProfessionalsAsync(new ListLeadProfessionalsRequest(), cancellationToken: Cancel);
        Assert.DoesNotContain(elsewhere.LeadProfessionals, p => p.LeadProfessional.Locality.StartsWith("walsall"));
    }

    [Fact]
    public async Task A_family_waits_in_the_panel_queue_until_a_place_frees_and_the_oldest_deadline_goes_first()
    {
        var allocated = await host.CaptureAsync<LeadProfessionalAllocated>();
        var holder = (await ConsentAsync(await FamilyAsync("walsall-south", null, (6, SettingKind.PrimarySchool)))).Episode;
        Assert.Equal(SouthPrimary, Lead(holder));
        var newer = (await ConsentAsync(await FamilyAsync("walsall-south", DateTimeOffset.UtcNow.AddMinutes(-1), (5, SettingKind.PrimarySchool)))).Episode;
        // Routed two weeks ago: its clock (six office days) is long past its deadline.
        var older = (await ConsentAsync(await FamilyAsync("walsall-south", DateTimeOffset.UtcNow.AddDays(-14), (10, SettingKind.PrimarySchool)))).Episode;
        Assert.All(new[] { newer, older }, e => Assert.Equal(EpisodeStatus.AwaitingLeadProfessional, e.Status));
        var queue = await host.Client.ListEpisodesAsync(new ListEpisodesRequest { Locality = "walsall-south", Statuses = { EpisodeStatus.AwaitingLeadProfessional } }, cancellationToken: Cancel);
        Assert.Equal([older.EpisodeId, newer.EpisodeId], queue.Episodes.Select(e => e.EpisodeId).Where(id => id == older.EpisodeId || id == newer.EpisodeId));

        await host.Client.CloseEpisodeAsync(new CloseEpisodeRequest { EpisodeId = holder.EpisodeId, Outcome = EpisodeOutcome.NeedsMet }, cancellationToken: Cancel);

        // Brokered by the close, or just after by the clock scheduler if it held the family's row at that moment.
        var brokered = await Eventually.Until(() => host.ReadAsync(older.EpisodeId), e => e.Status != EpisodeStatus.AwaitingLeadProfessional, "the oldest waiting family brokered");
        Assert.Equal((EpisodeStatus.Active, SouthPrimary, ClockState.Missed), (brokered.Status, Lead(brokered), brokered.LeadProfessionalClock.State));
        Assert.Equal(EpisodeStatus.AwaitingLeadProfessional, (await host.ReadAsync(newer.EpisodeId)).Status);
        var announced = (await host.CollectAsync<LeadProfessionalAllocated>(allocated, a => a.EpisodeId == older.EpisodeId, 1, "the waiting family's allocation")).Single();
        Assert.Equal((AssignmentMode.Brokered, SouthPrimary), (announced.Mode, announced.LeadProfessionalId));
    }

    [Fact]
    public async Task Consent_is_recorded_with_who_and_when_and_a_decline_closes_the_episode_and_is_announced()
    {
        var (recorded, closed) = (await host.CaptureAsync<EarlyHelpConsentRecorded>(), await host.CaptureAsync<EpisodeClosed>());
        var episode = await FamilyAsync("walsall-east", null, (4, SettingKind.EarlyYears), (6, SettingKind.PrimarySchool));

        var invalid = await Reads.RefusedAsync(() => host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = episode.EpisodeId }, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["decision", "given_by"], invalid.Fields());
        var future = new RecordConsentRequest { EpisodeId = episode.EpisodeId, Decision = EarlyHelpConsentDecision.Declined, GivenBy = "father", DecidedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(DateTime.UtcNow.AddDays(1)) };
        Assert.Equal(["decided_at"], (await Reads.RefusedAsync(() => host.Client.RecordConsentAsync(future, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)).Fields());
        await Reads.RefusedAsync(() => ConsentAsync(episode, EarlyHelpConsentDecision.Withdrawn), StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => ConsentAsync(episode, as_: host.ClientAs(Role.Auditor)), StatusCode.PermissionDenied);
        await Reads.RefusedAsync(() => ConsentAsync(episode, as_: host.ClientAs(Role.Screener, "wolverhampton")), StatusCode.NotFound);
        await Reads.RefusedAsync(() => ConsentAsync(new Episode { EpisodeId = NewId() }), StatusCode.NotFound);
        Assert.Equal(["episode_id"], (await Reads.RefusedAsync(() => ConsentAsync(new Episode { EpisodeId = "not-an-id" }), StatusCode.InvalidArgument)).Fields());

        var decidedAt = DateTime.UtcNow.AddHours(-3);
        var declined = (await host.Client.RecordConsentAsync(new RecordConsentRequest
        {
            EpisodeId = episode.EpisodeId, Decision = EarlyHelpConsentDecision.Declined, GivenBy = "father",
            DecidedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(decidedAt), Note = "Family say they have support from relatives.",
        }, cancellationToken: Cancel)).Episode;
        Assert.Equal((EpisodeStatus.Closed, EpisodeOutcome.ConsentDeclined, ClockState.Cancelled, null), (declined.Status, declined.Outcome, declined.LeadProfessionalClock.State, Lead(declined)));
        var consent = declined.Consents.Single();
        Assert.Equal(("father", Role.Screener, "screener-walsall"), (consent.GivenBy, consent.RecordedBy.Role, consent.RecordedBy.Subject));
        Assert.Equal(Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(decidedAt), consent.DecidedAt);

        var consentEvent = (await host.CollectAsync<EarlyHelpConsentRecorded>(recorded, e => e.EpisodeId == episode.EpisodeId, 1, "EarlyHelpConsentRecorded")).Single();
        Assert.Equal((EarlyHelpConsentDecision.Declined, 2), (consentEvent.Decision, consentEvent.ChildIds.Count));
        var closure = (await host.CollectAsync<EpisodeClosed>(closed, e => e.EpisodeId == episode.EpisodeId, 1, "EpisodeClosed")).Single();
        Assert.Equal((EpisodeOutcome.ConsentDeclined, consentEvent.Header.EventId, episode.OpenedAt), (closure.Outcome, closure.Header.CausationId, closure.OpenedAt));

        // A closed episode takes no more consent.
        await Reads.RefusedAsync(() => ConsentAsync(episode), StatusCode.FailedPrecondition);
    }

    [Fact]
    public async Task Consent_once_given_can_be_withdrawn_which_closes_the_episode_and_frees_the_place()
    {
        var episode = (await ConsentAsync(await FamilyAsync("walsall-east", null, (13, SettingKind.SecondarySchool)))).Episode;
        Assert.Equal(EastSchool, Lead(episode));
        await Reads.RefusedAsync(() => ConsentAsync(episode), StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => ConsentAsync(episode, EarlyHelpConsentDecision.Declined), StatusCode.FailedPrecondition);

        var withdrawn = (await ConsentAsync(episode, EarlyHelpConsentDecision.Withdrawn)).Episode;
        Assert.Equal((EpisodeStatus.Closed, EpisodeOutcome.ConsentWithdrawn), (withdrawn.Status, withdrawn.Outcome));
        Assert.Equal([EarlyHelpConsentDecision.Given, EarlyHelpConsentDecision.Withdrawn], withdrawn.Consents.Select(c => c.Decision));
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM episodes WHERE id = $1 AND lead_professional_id <> '' AND status <> 5", Guid.Parse(episode.EpisodeId)));
    }

    [Fact]
    public async Task A_manager_chooses_by_hand_with_a_reason_within_the_authority()
    {
        var allocated = await host.CaptureAsync<LeadProfessionalAllocated>();
        var episode = (await ConsentAsync(await FamilyAsync("walsall-east", null, (2, SettingKind.None)))).Episode;
        Assert.Equal(EastHub, Lead(episode));
        var manager = host.ClientAs(Role.Manager, subject: "manager-one");
        AssignLeadProfessionalRequest Choose(string id, string reason = "Already works with the older sibling at school.") =>
            new() { EpisodeId = episode.EpisodeId, LeadProfessionalId = id, Reason = reason };

        Assert.Equal(["lead_professional_id", "reason"], (await Reads.RefusedAsync(() => manager.AssignLeadProfessionalAsync(Choose("", " "), cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)).Fields());
        Assert.Equal(["lead_professional_id"], (await Reads.RefusedAsync(() => manager.AssignLeadProfessionalAsync(Choose(WolverhamptonHub), cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)).Fields());
        Assert.Equal(["lead_professional_id"], (await Reads.RefusedAsync(() => manager.AssignLeadProfessionalAsync(Choose("nobody"), cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)).Fields());
        await Reads.RefusedAsync(() => manager.AssignLeadProfessionalAsync(Choose(EastHub), cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => host.Client.AssignLeadProfessionalAsync(Choose(EastSchool), cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);

        var chosen = (await manager.AssignLeadProfessionalAsync(Choose(EastSchool), cancellationToken: Cancel)).Episode;
        Assert.Equal((EastSchool, AssignmentMode.Manual, "Already works with the older sibling at school.", "manager-one"),
            (Lead(chosen), chosen.LeadProfessional.Mode, chosen.LeadProfessional.Reason, chosen.LeadProfessional.AssignedBy.Subject));
        Assert.Equal([EastHub], chosen.PreviousLeadProfessionals.Select(p => p.LeadProfessional.LeadProfessionalId));
        var manual = (await host.CollectAsync<LeadProfessionalAllocated>(allocated, a => a.EpisodeId == episode.EpisodeId && a.Mode == AssignmentMode.Manual, 1, "the manual allocation")).Single();
        Assert.Equal((EastHub, Role.Manager, "Already works with the older sibling at school."), (manual.PreviousLeadProfessionalId, manual.Header.Actor.Role, manual.Reason));
    }
}
