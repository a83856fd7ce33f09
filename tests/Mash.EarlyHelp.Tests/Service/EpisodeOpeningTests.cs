using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;
using static Mash.EarlyHelp.Tests.Service.Events;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// Episodes open from routing and step-down: one per family, whatever order and however often the
/// siblings arrive, in the child's locality, with the 48 working-hour clock from the routing.
/// </summary>
public sealed class EpisodeOpeningTests(EarlyHelpHost host) : IClassFixture<EarlyHelpHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Siblings_routed_at_different_times_share_one_episode_and_redeliveries_add_nothing()
    {
        var opened = await host.CaptureAsync<EarlyHelpEpisodeOpened>();
        var (contact, older, younger) = (NewId(), NewId(), NewId());
        var first = Routed(contact, older, "walsall-east", 7, SettingKind.PrimarySchool, siblings: [younger]);
        await host.PublishAsync(first);
        var episode = await host.EpisodeOfAsync(older);
        Assert.Equal((EpisodeStatus.AwaitingConsent, EpisodeOrigin.MashRouting, "walsall-east", contact), (episode.Status, episode.Origin, episode.Locality, episode.ContactId));

        await host.PublishAsync(Routed(contact, younger, "walsall-east", 2, SettingKind.None, siblings: [older]));
        // The same event again (a redelivery) and a fresh routing of the same child (a correction): no change.
        await host.PublishAsync(first);
        var again = Routed(contact, older, "walsall-east", 7, SettingKind.PrimarySchool);
        await host.PublishAsync(again);
        await Eventually.Until(() => host.HandledAsync(again.Header.EventId, "ChildRoutedConsumer"), h => h, "the second routing of the older child");

        var family = await host.EpisodeOfAsync(younger);
        Assert.Equal(episode.EpisodeId, family.EpisodeId);
        Assert.Equal([older, younger], family.Children.Select(c => c.ChildId));
        Assert.Equal([first.DecisionId], family.Children.Take(1).Select(c => c.DecisionId));
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM episodes WHERE sibling_group_id = $1", contact));

        var events = await host.CollectAsync<EarlyHelpEpisodeOpened>(opened, e => e.EpisodeId == episode.EpisodeId, 2, "the opening and the sibling joining");
        Assert.Equal([[older], [older, younger]], events.OrderBy(e => e.ChildIds.Count).Select(e => e.ChildIds.ToArray()));
        Assert.All(events, e => Assert.Equal((first.Header.OccurredAt, Role.System, ""), (e.RoutedAt, e.Header.Actor.Role, e.Header.ChildId)));
    }

    [Fact]
    public async Task Siblings_handled_at_the_same_moment_by_two_consumers_end_in_one_episode_per_family()
    {
        // A second early help process on the same database and queue: two consumers compete for the siblings.
        await using var second = new ServiceProcess("EarlyHelp", new Dictionary<string, string>(host.RabbitEnvironment("earlyhelp"))
        {
            ["ConnectionStrings__Database"] = host.Database,
            ["EarlyHelp__DirectoryPath"] = Path.Combine(host.Folder, "directory"),
        });
        await second.StartAsync(timeout: EarlyHelpHost.StartTimeout);

        var families = Enumerable.Range(0, 12).Select(_ => (Contact: NewId(), Children: new[] { NewId(), NewId(), NewId() })).ToList();
        var routings = families.SelectMany(f => f.Children.Select((child, i) =>
            Routed(f.Contact, child, "walsall-east", 3 + i * 4, SettingKind.Unspecified, siblings: f.Children.Where(c => c != child)))).ToList();
        await Task.WhenAll(routings.Select(host.PublishAsync));

        var contacts = families.Select(f => f.Contact).ToArray();
        await Eventually.Until(() => Sql.CountAsync(host.Database,
            "SELECT count(*) FROM episode_children c JOIN episodes e ON e.id = c.episode_id WHERE e.sibling_group_id = ANY($1)", (object)contacts), n => n == 36, "every sibling in an episode");
        Assert.Equal(12, await Sql.CountAsync(host.Database, "SELECT count(*) FROM episodes WHERE sibling_group_id = ANY($1)", (object)contacts));
        foreach (var family in families)
            Assert.Equal(family.Children.Order(), (await host.EpisodeOfAsync(family.Children[0])).Children.Select(c => c.ChildId).Order());
    }

    [Fact]
    public async Task A_child_already_in_an_open_episode_gets_no_second_one_and_the_new_contact_is_linked()
    {
        var child = NewId();
        var (firstContact, laterContact) = (NewId(), NewId());
        await host.PublishAsync(Routed(firstContact, child, "walsall-east", 9, SettingKind.PrimarySchool));
        var episode = await host.EpisodeOfAsync(child);

        var later = Routed(laterContact, child, "walsall-east", 9, SettingKind.PrimarySchool);
        await host.PublishAsync(later);
        await Eventually.Until(() => host.HandledAsync(later.Header.EventId, "ChildRoutedConsumer"), h => h, "the later routing");

        var read = await host.ReadAsync(episode.EpisodeId);
        Assert.Equal([laterContact], read.LinkedContactIds);
        Assert.Single(read.Children);
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(*) FROM episode_children WHERE child_id = $1", Guid.Parse(child)));
    }

    [Fact]
    public async Task The_locality_comes_from_the_postcode_when_the_routing_names_none()
    {
        var child = NewId();
        await host.PublishAsync(Routed(NewId(), child, "", 4, SettingKind.EarlyYears, postcode: "WS9 8AB"));
        Assert.Equal(("walsall", "walsall-east"), ((await host.EpisodeOfAsync(child)).LocalAuthority, (await host.EpisodeOfAsync(child)).Locality));
    }

    [Fact]
    public async Task A_step_down_from_allocation_opens_an_episode_linked_to_the_case_without_re_screening()
    {
        var (opened, received) = (await host.CaptureAsync<EarlyHelpEpisodeOpened>(), await host.CaptureAsync<ContactReceived>());
        var (contact, child, allocation) = (NewId(), NewId(), NewId());
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await host.PublishAsync(SteppedDown(contact, child, allocation, "WS4 1AB", 12, SettingKind.SecondarySchool, at));

        var episode = await host.EpisodeOfAsync(child);
        Assert.Equal((EpisodeOrigin.StepDown, allocation, EpisodeStatus.AwaitingConsent, "walsall-east"), (episode.Origin, episode.StepDownAllocationId, episode.Status, episode.Locality));
        Assert.Equal(("", Timestamp.FromDateTimeOffset(at)), (episode.Children[0].DecisionId, episode.LeadProfessionalClock.StartedAt));
        var announced = (await host.CollectAsync<EarlyHelpEpisodeOpened>(opened, e => e.EpisodeId == episode.EpisodeId, 1, "EarlyHelpEpisodeOpened")).Single();
        Assert.Equal((EpisodeOrigin.StepDown, allocation, 0), (announced.Origin, announced.StepDownAllocationId, announced.DecisionIds.Count));
        // Nothing went back through the front door: intake received no contact about the family.
        Assert.DoesNotContain(await host.DrainAsync<ContactReceived>(received), r => r.Header.ContactId == contact);
        Assert.Equal(0, await Sql.CountAsync(host.IntakeDatabase, "SELECT count(*) FROM contacts"));
    }

    [Fact]
    public async Task The_48_hour_clock_counts_working_hours_from_routing_over_weekends_and_bank_holidays()
    {
        var opened = await host.CaptureAsync<EarlyHelpEpisodeOpened>();
        (DateTimeOffset RoutedAt, DateTimeOffset Due)[] cases =
        [
            // Friday 10:00 before the early May bank holiday → Tuesday 13 May 10:00 (BST): six office days of 09:00-17:00.
            (new(2025, 5, 2, 9, 0, 0, TimeSpan.Zero), new(2025, 5, 13, 9, 0, 0, TimeSpan.Zero)),
            // Tuesday noon before Christmas: Christmas Day, Boxing Day, New Year's Day and the weekends do not count.
            (new(2025, 12, 23, 12, 0, 0, TimeSpan.Zero), new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero)),
            // A Saturday routing counts from Monday's opening (BST): due the next Monday at 17:00 BST.
            (new(2025, 9, 6, 14, 0, 0, TimeSpan.Zero), new(2025, 9, 15, 16, 0, 0, TimeSpan.Zero)),
        ];
        foreach (var (routedAt, due) in cases)
        {
            var child = NewId();
            await host.PublishAsync(Routed(NewId(), child, "walsall-east", 6, SettingKind.PrimarySchool, at: routedAt));
            var episode = await host.EpisodeOfAsync(child);
            Assert.Equal((Timestamp.FromDateTimeOffset(routedAt), Timestamp.FromDateTimeOffset(due), ClockKind.LeadProfessionalAllocated),
                (episode.LeadProfessionalClock.StartedAt, episode.LeadProfessionalClock.DueAt, episode.LeadProfessionalClock.Kind));
            var announced = (await host.CollectAsync<EarlyHelpEpisodeOpened>(opened, e => e.EpisodeId == episode.EpisodeId, 1, "EarlyHelpEpisodeOpened")).Single();
            Assert.Equal(Timestamp.FromDateTimeOffset(due), announced.LeadProfessionalDueAt);
        }
    }

    [Fact]
    public async Task The_lead_professional_clock_runs_by_the_rule_set_s_allowance_when_the_routing_or_step_down_carries_one()
    {
        // An authority that gives 24 working hours (three office days): Wednesday 12:00 → Monday 12:00, over the weekend.
        var routedAt = new DateTimeOffset(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);
        var own = new ClockAllowance { Clock = ClockKind.LeadProfessionalAllocated, WorkingHours = 24 };
        var (routedChild, steppedChild) = (NewId(), NewId());
        var routed = Routed(NewId(), routedChild, "walsall-east", 6, SettingKind.PrimarySchool, at: routedAt);
        routed.ClockAllowances.Add(own);
        var steppedDown = SteppedDown(NewId(), steppedChild, NewId(), "WS4 1AB", 12, SettingKind.SecondarySchool, routedAt);
        steppedDown.ClockAllowances.Add(own);
        await host.PublishAsync(routed);
        await host.PublishAsync(steppedDown);

        foreach (var child in new[] { routedChild, steppedChild })
            Assert.Equal(Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero)), (await host.EpisodeOfAsync(child)).LeadProfessionalClock.DueAt);
    }

    [Fact]
    public async Task Staff_read_their_own_authoritys_episodes_and_every_read_is_recorded()
    {
        var viewed = await host.CaptureAsync<RecordViewed>();
        var (contact, child) = (NewId(), NewId());
        await host.PublishAsync(Routed(contact, child, "walsall-west", 1, SettingKind.None));
        var episode = await host.EpisodeOfAsync(child);

        await Reads.RefusedAsync(() => host.ClientAs(Role.Screener, "wolverhampton").GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = episode.EpisodeId }, cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        await Reads.RefusedAsync(() => host.ClientAs(Role.Partner, agency: "wmp").GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = episode.EpisodeId }, cancellationToken: Cancel).ResponseAsync, StatusCode.PermissionDenied);
        var bad = await Reads.RefusedAsync(() => host.Client.GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = episode.EpisodeId, ChildId = child }, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["episode_id"], bad.Fields());
        Assert.Empty((await host.ClientAs(Role.Screener, "wolverhampton").ListEpisodesAsync(new ListEpisodesRequest { Locality = "walsall-west" }, cancellationToken: Cancel)).Episodes);

        var auditor = host.ClientAs(Role.Auditor, subject: "auditor-one");
        var read = (await auditor.GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = episode.EpisodeId }, cancellationToken: Cancel)).Episode;
        Assert.Equal(episode.EpisodeId, read.EpisodeId);
        var record = (await host.CollectAsync<RecordViewed>(viewed, v => v.Header.Actor.Subject == "auditor-one", 1, "RecordViewed")).Single();
        Assert.Equal(("earlyhelp", "mash.earlyhelp.v1.EarlyHelpService/GetEpisode", episode.EpisodeId, contact, child), (record.Service, record.Method, record.ResourceId, record.Header.ContactId, record.ChildIds.Single()));

        var listed = await host.Client.ListEpisodesAsync(new ListEpisodesRequest { Locality = "walsall-west", Statuses = { EpisodeStatus.AwaitingConsent } }, cancellationToken: Cancel);
        Assert.Contains(listed.Episodes, e => e.EpisodeId == episode.EpisodeId);
        Assert.All(listed.Episodes, e => Assert.Equal(("walsall-west", EpisodeStatus.AwaitingConsent), (e.Locality, e.Status)));
        Assert.Empty((await host.Client.ListEpisodesAsync(new ListEpisodesRequest { Locality = "walsall-west", Statuses = { EpisodeStatus.Active } }, cancellationToken: Cancel)).Episodes);
    }

    [Fact]
    public async Task ListEpisodes_pages_oldest_deadline_first()
    {
        var children = Enumerable.Range(0, 5).Select(_ => NewId()).ToList();
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        // Published newest first: the list still comes oldest deadline first.
        for (var i = children.Count - 1; i >= 0; i--)
            await host.PublishAsync(Routed(NewId(), children[i], "walsall-south", 8, SettingKind.PrimarySchool, at: start.AddHours(i)));
        foreach (var child in children) await host.EpisodeOfAsync(child);

        var seen = new List<Episode>();
        var token = "";
        do
        {
            var page = await host.Client.ListEpisodesAsync(new ListEpisodesRequest { Locality = "walsall-south", PageSize = 2, PageToken = token }, cancellationToken: Cancel);
            Assert.True(page.Episodes.Count <= 2);
            seen.AddRange(page.Episodes);
            token = page.NextPageToken;
        } while (token.Length > 0);
        var ours = seen.Where(e => children.Contains(e.Children[0].ChildId)).Select(e => e.Children[0].ChildId).ToList();
        Assert.Equal(children, ours);
        Assert.Equal(seen.Select(e => e.LeadProfessionalClock.DueAt.ToDateTimeOffset()).Order(), seen.Select(e => e.LeadProfessionalClock.DueAt.ToDateTimeOffset()));
        var badToken = await Reads.RefusedAsync(() => host.Client.ListEpisodesAsync(new ListEpisodesRequest { PageToken = "nonsense" }, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument);
        Assert.Equal(["page_token"], badToken.Fields());
    }
}
