using Google.Protobuf;
using Grpc.Core;
using Mash.Audit.Domain.Trail;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Npgsql;
using Xunit;
using static Mash.Audit.Tests.Service.Events;

namespace Mash.Audit.Tests.Service;

/// <summary>Every event lands in one hash chain; a child's trail reads back in order, verifies, and is append-only.</summary>
public sealed class TrailTests(AuditHost host) : IClassFixture<AuditHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A contact about two children, triaged, decided, routed, allocated and read: the trail of a full flow.</summary>
    async Task<(string Contact, string ChildA, string ChildB, IMessage[] Events)> FlowAsync()
    {
        var (contact, a, b) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var t = DateTimeOffset.UtcNow;
        IMessage[] events =
        [
            Received(contact, t, "walsall", a, b),
            Triaged(contact, a, t.AddSeconds(1), Rag.Amber, t.AddDays(1)),
            Triaged(contact, b, t.AddSeconds(1), Rag.Green, t.AddDays(3)),
            new AgencyChecksRequested { Header = Header(contact, at: t.AddMinutes(5)), ChildIds = { a, b }, Rag = Rag.Amber,
                Checks = { new AgencyCheckRef { CheckId = Guid.NewGuid().ToString(), Agency = "wmp", AgencyKind = AgencyKind.Police, DueAt = Ts(t.AddDays(1)) } } },
            Decided(contact, a, t.AddHours(2), Pathway.ChildInNeed),
            Routed(contact, a, t.AddHours(2), Pathway.ChildInNeed),
            new CaseAllocated { Header = Header(contact, a, t.AddHours(3), Thresholds), AllocationId = Guid.NewGuid().ToString(), TeamId = "walsall-south-1", WorkerId = "w-7" },
            new RecordViewed { Header = Header(contact, a, t.AddHours(4)), Service = "intake", Method = "mash.intake.v1.IntakeService/GetContact", ChildIds = { a } },
        ];
        await host.RecordAsync(events);
        return (contact, a, b, events);
    }

    [Fact]
    public async Task A_full_flow_reads_back_in_chain_order_with_its_rule_sets_and_verifies()
    {
        var (contact, a, b, events) = await FlowAsync();

        var trail = await host.Manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = a }, cancellationToken: Cancel);

        // Child a's trail: the contact-level entries and its own, not its sibling's triage.
        var expected = events.Where(e => TrailSubjects.ChildIds((IEvent)e).Contains(a)).Select(e => ((IEvent)e).Header.EventId).ToHashSet();
        Assert.Equal(expected, trail.Entries.Select(e => e.EventId).ToHashSet());
        Assert.Equal(trail.Entries.Select(e => e.Sequence).Order(), trail.Entries.Select(e => e.Sequence));
        Assert.All(trail.Entries, e => Assert.Equal((a, "walsall", contact), (e.ChildId, e.LocalAuthority, e.ContactId)));
        var triage = trail.Entries.Single(e => e.EventType == "mash.events.v1.ChildTriaged");
        Assert.Equal(RuleSet, triage.RuleSet);
        Assert.Equal(RuleSet, trail.Entries.Single(e => e.EventType == "mash.events.v1.ChildRouted").RuleSet);
        Assert.Null(trail.Entries.Single(e => e.EventType == "mash.events.v1.CaseAllocated").RuleSet);
        Assert.Equal((Role.System, "thresholds"), (triage.Actor.Role, triage.Actor.Subject));
        // The chain keeps arrival order, and consumers run concurrently: find the contact's entry by type, not position.
        var received = trail.Entries.Single(e => e.EventType == "mash.events.v1.ContactReceived");
        Assert.Equal((Role.Screener, "screener-walsall"), (received.Actor.Role, received.Actor.Subject));
        Assert.StartsWith("Routed to child in need", trail.Entries.Single(e => e.EventType == "mash.events.v1.ChildRouted").Summary);
        Assert.Equal(events.OfType<ChildRouted>().Single().ToByteString(), trail.Entries.Single(e => e.EventType == "mash.events.v1.ChildRouted").Event);

        // Anyone holding the entries can recompute each hash from what the entry states.
        foreach (var e in trail.Entries)
        {
            var content = new TrailContent(e.Sequence, Guid.Parse(e.EventId), e.EventType, e.OccurredAt.ToDateTimeOffset(), e.RecordedAt.ToDateTimeOffset(),
                e.Actor.ToByteArray(), e.ContactId, TrailSubjects.ChildIds(Parse(e)), e.LocalAuthority, e.RuleSet?.RuleSetId ?? "", e.RuleSet?.Version ?? 0,
                e.RuleSet?.ContentHash ?? "", e.Summary, e.Event.ToByteArray());
            Assert.Equal(e.Hash.ToByteArray(), TrailChain.Hash(e.PreviousHash.Span, content));
        }

        var all = await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel);
        Assert.True(all.Valid);
        Assert.Null(all.FirstBroken);
        Assert.True(all.EntriesChecked >= events.Length);
        var ofChild = await host.ClientAs(Role.Auditor).VerifyTrailAsync(new VerifyTrailRequest { ChildId = b }, cancellationToken: Cancel);
        Assert.Equal((true, 3L), (ofChild.Valid, ofChild.EntriesChecked));
        Assert.True((await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { ContactId = contact }, cancellationToken: Cancel)).Valid);
    }

    static IEvent Parse(TrailEntry entry)
    {
        Assert.True(Mash.BuildingBlocks.Messaging.MessagingExtensions.EventTypes.TryGet(entry.EventType, out var descriptor));
        return (IEvent)descriptor.Parser.ParseFrom(entry.Event);
    }

    [Fact]
    public async Task The_chain_stays_gap_free_and_unforked_when_many_events_arrive_at_once()
    {
        var contact = Guid.NewGuid().ToString();
        var events = Enumerable.Range(0, 120).Select(i => (IMessage)new RecordViewed
        {
            Header = Header(contact, $"child-{i % 7}"), Service = "intake", Method = "mash.intake.v1.IntakeService/GetContact", ChildIds = { $"child-{i % 7}" },
        }).ToArray();
        await Task.WhenAll(events.Select(host.PublishAsync));
        await Eventually.Until(() => host.EntriesAsync(contact), n => n == events.Length, "every event in the trail");

        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT CASE WHEN count(*) = max(sequence) AND min(sequence) = 1 THEN 1 ELSE 0 END FROM trail_entries"));
        Assert.True((await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel)).Valid);
    }

    [Fact]
    public async Task Copies_of_one_event_arriving_together_make_one_entry_each_event()
    {
        // The outbox publishes at least once: copies of an event may land in the same group commit.
        var contact = Guid.NewGuid().ToString();
        var events = Enumerable.Range(0, 30).Select(i => (IMessage)new RecordViewed
        {
            Header = Header(contact, $"child-{i}"), Service = "intake", Method = "mash.intake.v1.IntakeService/GetContact", ChildIds = { $"child-{i}" },
        }).ToArray();
        await Task.WhenAll(events.Concat(events).Concat(events).Select(host.PublishAsync));
        await Eventually.Until(() => host.EntriesAsync(contact), n => n >= events.Length, "every event in the trail");
        await Task.Delay(1000, Cancel); // the copies behind the first ones have had time to be (wrongly) appended

        Assert.Equal(events.Length, await host.EntriesAsync(contact));
        Assert.True((await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel)).Valid);
    }

    [Fact]
    public async Task A_routing_that_carries_its_decision_makes_the_two_entries_the_decision_first_and_a_copy_adds_none()
    {
        var (contact, child) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var at = DateTimeOffset.UtcNow;
        var routed = Routed(contact, child, at, Pathway.EarlyHelp);
        routed.Decision = Decided(contact, child, at, Pathway.EarlyHelp);
        routed.Decision.DecisionId = routed.DecisionId;

        await host.PublishAsync(routed);
        await host.PublishAsync(routed);
        await Eventually.Until(() => host.EntriesAsync(contact), n => n >= 2, "the decision and the routing in the trail");
        await Task.Delay(1000, Cancel); // the copy behind the first has had time to be (wrongly) appended

        var trail = await host.Manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = child }, cancellationToken: Cancel);
        var entries = trail.Entries.OrderBy(e => e.Sequence).ToList();
        Assert.Equal([("mash.events.v1.DecisionRecorded", routed.Decision.Header.EventId), ("mash.events.v1.ChildRouted", routed.Header.EventId)],
            entries.Select(e => (e.EventType, e.EventId)));
        // Each entry is its event as it would have come alone: the rationale is stored once, in the decision's.
        Assert.Equal(routed.Decision.ToByteString(), entries[0].Event);
        var alone = routed.Clone();
        alone.Decision = null;
        Assert.Equal(alone.ToByteString(), entries[1].Event);
        Assert.True((await host.Manager.VerifyTrailAsync(new VerifyTrailRequest { ContactId = contact }, cancellationToken: Cancel)).Valid);
    }

    [Fact]
    public async Task The_trail_refuses_update_delete_and_truncate_and_the_service_appends_as_a_role_that_may_only_insert()
    {
        var (contact, _, _, _) = await FlowAsync();
        await using var owner = new NpgsqlConnection(host.Database);
        await owner.OpenAsync(Cancel);

        foreach (var sql in new[]
        {
            $"UPDATE trail_entries SET summary = 'nothing happened' WHERE contact_id = '{contact}'",
            $"DELETE FROM trail_entries WHERE contact_id = '{contact}'",
            "TRUNCATE trail_entries",
        })
        {
            // Even the table's owner is refused by the trigger.
            var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, owner).ExecuteNonQueryAsync(Cancel));
            Assert.Contains("append-only", refused.MessageText);
        }

        await using (var transaction = await owner.BeginTransactionAsync(Cancel))
        {
            await new NpgsqlCommand("SET LOCAL ROLE audit_trail_writer", owner, transaction).ExecuteNonQueryAsync(Cancel);
            Assert.True(await Sql.CountAsync(host.Database, "SELECT count(*) FROM trail_entries WHERE contact_id = $1", contact) > 0);
            var update = await Assert.ThrowsAsync<PostgresException>(() =>
                new NpgsqlCommand($"UPDATE trail_entries SET summary = 'x' WHERE contact_id = '{contact}'", owner, transaction).ExecuteNonQueryAsync(Cancel));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, update.SqlState);
            Assert.Contains("permission denied", update.MessageText);
        }
        await using (var transaction = await owner.BeginTransactionAsync(Cancel))
        {
            await new NpgsqlCommand("SET LOCAL ROLE audit_trail_writer", owner, transaction).ExecuteNonQueryAsync(Cancel);
            var delete = await Assert.ThrowsAsync<PostgresException>(() =>
                new NpgsqlCommand($"DELETE FROM trail_entries WHERE contact_id = '{contact}'", owner, transaction).ExecuteNonQueryAsync(Cancel));
            Assert.Contains("permission denied", delete.MessageText);
        }
        Assert.Equal(["INSERT", "SELECT"], await PrivilegesAsync("audit_trail_writer"));
        Assert.Equal(8, await host.EntriesAsync(contact));
    }

    async Task<List<string>> PrivilegesAsync(string role)
    {
        await using var connection = new NpgsqlConnection(host.Database);
        await connection.OpenAsync(Cancel);
        var command = new NpgsqlCommand("SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = $1 AND table_name = 'trail_entries' ORDER BY 1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = role } },
        };
        var list = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        while (await reader.ReadAsync(Cancel)) list.Add(reader.GetString(0));
        return list;
    }

    [Fact]
    public async Task Pages_follow_the_chain_and_a_persons_read_of_a_trail_lands_in_the_trail()
    {
        var (contact, a, _, _) = await FlowAsync();
        var reader = host.ClientAs(Role.Auditor, subject: "auditor-ofsted");

        var first = await reader.GetDecisionTrailAsync(new GetDecisionTrailRequest { ContactId = contact, PageSize = 5 }, cancellationToken: Cancel);
        var second = await reader.GetDecisionTrailAsync(new GetDecisionTrailRequest { ContactId = contact, PageSize = 5, PageToken = first.NextPageToken }, cancellationToken: Cancel);
        // The first page's read is itself recorded, and may reach the trail before the second page is
        // asked for: it can only come after the flow's eight entries (the last of them another
        // person's read), never inside them.
        static bool OurRead(Mash.Contracts.Audit.V1.TrailEntry e) => e.EventType == "mash.events.v1.RecordViewed" && e.Actor.Subject == "auditor-ofsted";
        var flowOnSecond = second.Entries.TakeWhile(e => !OurRead(e)).ToList();
        Assert.Equal((5, 3, ""), (first.Entries.Count, flowOnSecond.Count, second.NextPageToken));
        Assert.All(second.Entries.Skip(3), e => Assert.True(OurRead(e)));
        Assert.True(first.Entries[^1].Sequence < second.Entries[0].Sequence);

        var viewed = await Eventually.Until(
            async () => (await host.Manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = a }, cancellationToken: Cancel)).Entries
                .Where(e => e.EventType == "mash.events.v1.RecordViewed" && e.Actor.Subject == "auditor-ofsted").ToList(),
            v => v.Count == 2, "both reads of the contact's trail in the trail");
        var view = RecordViewed.Parser.ParseFrom(viewed[0].Event);
        Assert.Equal(("audit", "mash.audit.v1.AuditService/GetDecisionTrail", Role.Auditor), (view.Service, view.Method, viewed[0].Actor.Role));
        Assert.Contains(a, view.ChildIds);
    }

    [Fact]
    public async Task Staff_of_another_authority_see_nothing_and_only_managers_and_auditors_verify()
    {
        var (contact, a, _, _) = await FlowAsync();
        var elsewhere = host.ClientAs(Role.Manager, authority: "wolverhampton");

        Assert.Empty((await elsewhere.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = a }, cancellationToken: Cancel)).Entries);
        var notFound = await Assert.ThrowsAsync<RpcException>(() => elsewhere.VerifyTrailAsync(new VerifyTrailRequest { ContactId = contact }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);
        Assert.NotEmpty((await host.ClientAs(Role.Screener).GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = a }, cancellationToken: Cancel)).Entries);

        foreach (var role in new[] { Role.Screener, Role.Partner })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(role, agency: "wmp").VerifyTrailAsync(new VerifyTrailRequest { All = true }, cancellationToken: Cancel).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        var partner = await Assert.ThrowsAsync<RpcException>(() => host.ClientAs(Role.Partner, agency: "wmp").GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = a }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, partner.StatusCode);

        var invalid = await Assert.ThrowsAsync<RpcException>(() => host.Manager.VerifyTrailAsync(new VerifyTrailRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(["scope"], invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
        invalid = await Assert.ThrowsAsync<RpcException>(() => host.Manager.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = a, ContactId = contact, PageSize = 501, PageToken = "x" }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(["child_id", "page_size", "page_token"], invalid.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }
}
