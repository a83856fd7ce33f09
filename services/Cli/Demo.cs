using Google.Protobuf;
using Grpc.Net.Client;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Intake.V1;

namespace Mash.Cli;

/// <summary>
/// Replays the demo corpus through intake's API as a partner would, waits until audit's trail
/// holds each child, then prints one line per child with where it stands. Replaying twice is
/// harmless: each file carries a fixed idempotency key.
/// </summary>
public static class Demo
{
    static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static async Task<int> RunAsync(CommandLine options)
    {
        var directory = options.Option("--contacts", "seeds/contacts");
        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"No contacts (*.json) in {directory}");
            return 1;
        }

        var (localities, errors) = LocalityDirectory.Load(ReferenceDataFiles.ReadFolder(options.Option("--localities", "seeds/localities"), "--localities"));
        if (localities is null) throw new InvalidOperationException(string.Join("; ", errors));
        var key = options.SigningKey();
        var timeout = TimeSpan.FromSeconds(int.Parse(options.Option("--timeout", "60")));
        using var intakeChannel = GrpcChannel.ForAddress(options.Option("--intake", "http://127.0.0.1:5101"));
        using var auditChannel = GrpcChannel.ForAddress(options.Option("--audit", "http://127.0.0.1:5105"));
        IntakeService.IntakeServiceClient IntakeAs(Role role, string agency, string hub) => new(intakeChannel.WithBearerToken(DevTokens.Mint(key, role, agency, hub)));

        var submitted = new List<(string File, string Hub, SubmitContactRequest Request, SubmitContactResponse Response)>();
        foreach (var file in files)
        {
            var request = Parser.Parse<SubmitContactRequest>(await File.ReadAllTextAsync(file));
            // Each partner submits as itself to the hub of the child's area; an anonymous call comes
            // in through the contact centre, so a screener submits it.
            var hub = HubFor(request, localities);
            var submitter = request.Referrer.Agency.Length > 0 ? IntakeAs(Role.Partner, request.Referrer.Agency, hub) : IntakeAs(Role.Screener, "", hub);
            var response = await submitter.SubmitContactAsync(request);
            submitted.Add((Path.GetFileNameWithoutExtension(file), hub, request, response));
        }
        Console.WriteLine($"Submitted {submitted.Count} contacts ({submitted.Count(s => s.Response.Replayed)} already known) with {submitted.Sum(s => s.Response.Children.Count)} children.");

        var rows = new List<string[]>();
        var deadline = DateTime.UtcNow + timeout;
        var untriaged = 0;
        foreach (var (file, hub, request, response) in submitted)
        {
            var screener = IntakeAs(Role.Screener, "", hub);
            // Wait until every child has a recommendation (or the deadline passed).
            var contact = await PollAsync(
                async () => (await screener.GetContactAsync(new GetContactRequest { ContactId = response.ContactId })).Contact,
                c => c.Children.All(child => child.Recommendation is not null), deadline);
            var audit = new AuditService.AuditServiceClient(auditChannel.WithBearerToken(DevTokens.Mint(key, Role.Auditor, "", hub)));
            foreach (var child in contact.Children)
            {
                var trail = await PollAsync(
                    async () => (await audit.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = child.Child.ChildId })).Entries,
                    entries => entries.Count > 0, deadline);
                var recommendation = child.Recommendation;
                if (recommendation is null) untriaged++;
                rows.Add([
                    file, Short(child.Child.ChildId), child.Child.Address?.Postcode ?? "", recommendation is null ? "-" : Pretty(child.LocalAuthority, child.Locality),
                    child.Status.ToString(),
                    recommendation is null ? "-" : $"{(int)recommendation.Level} {Recommended(recommendation)}",
                    recommendation?.Rag.ToString() ?? "-",
                    recommendation?.DecisionDeadline is { } due ? Due(due.ToDateTimeOffset()) : "-",
                    recommendation?.WinningRuleId ?? "-",
                    RiskKnown(contact, child.Child),
                    trail.Count.ToString(),
                ]);
            }
        }

        Table.Print(["contact file", "child", "postcode", "authority / locality", "status", "level and recommendation", "RAG", "decide by (London)", "rule", "risk known", "trail"], rows);
        var missing = rows.Count(r => r[^1] == "0");
        if (untriaged > 0) Console.Error.WriteLine($"{untriaged} children had no recommendation within {timeout.TotalSeconds:0} s");
        if (missing > 0) Console.Error.WriteLine($"{missing} children did not reach the audit trail within {timeout.TotalSeconds:0} s");
        if (missing > 0 || untriaged > 0) return 1;

        var followed = await FollowAsync(new Outcomes(options, key, DateTime.UtcNow + timeout), submitted.Select(s => (s.File, s.Hub, s.Response.ContactId)).ToList(), IntakeAs);
        return followed ? 0 : 1;
    }

    /// <summary>
    /// A screener of each hub decides every waiting child as recommended; then each child is
    /// followed to its episode, team and worker, or closure, and each hub's trail is verified.
    /// </summary>
    static async Task<bool> FollowAsync(Outcomes outcomes, IReadOnlyList<(string File, string Hub, string ContactId)> contacts,
        Func<Role, string, string, IntakeService.IntakeServiceClient> intakeAs)
    {
        Console.WriteLine();
        Console.WriteLine("A screener decides each waiting child as recommended; where each child went:");
        var rows = new List<string[]>();
        var clocks = new List<string[]>();
        var unplaced = 0;
        foreach (var (file, hub, contactId) in contacts)
        {
            var screener = intakeAs(Role.Screener, "", hub);
            var contact = (await screener.GetContactAsync(new GetContactRequest { ContactId = contactId })).Contact;
            foreach (var child in contact.Children) await outcomes.DecideAsRecommendedAsync(hub, contact, child);
            foreach (var child in contact.Children)
            {
                var routed = await PollAsync(
                    async () => (await screener.GetContactAsync(new GetContactRequest { ContactId = contactId })).Contact.Children.Single(c => c.Child.ChildId == child.Child.ChildId),
                    c => c.Status is ChildStatus.Routed or ChildStatus.Closed, outcomes.Deadline);
                var where = await PollAsync(() => outcomes.WhereAsync(hub, routed), w => w is not null, outcomes.Deadline);
                if (where is null) unplaced++;
                rows.Add([file, Short(child.Child.ChildId), routed.Status.ToString(), routed.Pathway.ToString(), where?.Text ?? "not taken on yet"]);
                clocks.AddRange(where?.Clocks.Select(c => new[]
                {
                    Short(child.Child.ChildId), c.Kind.ToString(), London(c.StartedAt.ToDateTimeOffset()),
                    c.AtRiskAt is { } risk ? London(risk.ToDateTimeOffset()) : "none (no office time)", Due(c.DueAt.ToDateTimeOffset()), c.State.ToString(),
                }) ?? []);
            }
        }
        Table.Print(["contact file", "child", "status", "pathway", "now"], rows);
        Console.WriteLine();
        Console.WriteLine("The clocks each routed child's case runs (London time; at risk with a fifth of the working time left, in office hours):");
        Table.Print(["child", "clock", "started", "at risk", "due", "state"], clocks);

        var valid = true;
        foreach (var hub in contacts.Select(c => c.Hub).Distinct())
        {
            var verified = await outcomes.VerifyAsync(hub);
            valid &= verified.Valid;
            Console.WriteLine(verified.Valid
                ? $"Trail of {hub}: {verified.EntriesChecked} entries, every link verified."
                : $"Trail of {hub}: BROKEN at entry {verified.FirstBroken.Sequence} ({verified.FirstBroken.Problem}).");
        }
        if (unplaced > 0) Console.Error.WriteLine($"{unplaced} routed children were not taken on by early help or allocation in time");
        return valid && unplaced == 0;
    }

    /// <summary>Asks again every 200 ms until the answer is <paramref name="done"/> or the deadline passed; returns the last answer.</summary>
    static async Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> done, DateTime deadline)
    {
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline) return answer;
            await Task.Delay(200);
        }
    }

    static string Recommended(Mash.Contracts.Common.V1.Recommendation r) => r.Pathway switch
    {
        Pathway.NoFurtherAction => $"NFA ({r.NfaReason})",
        var pathway => pathway.ToString(),
    } + (r.AutoRoute ? ", routed by the system" : "");

    /// <summary>The risk facts the referrer stated (levels-of-need documents turn on them), in a few words; "-" when none.</summary>
    internal static string RiskKnown(Contact contact, Child child)
    {
        var known = new List<string>();
        if (contact.DomesticAbuseRisk != DomesticAbuseRisk.Unspecified) known.Add($"DASH {EnumNames<DomesticAbuseRisk>.Instance.NameOf(contact.DomesticAbuseRisk)}");
        if (contact.PreviousChildrenRemoved) known.Add("previous children removed");
        if (contact.CareProceedings) known.Add("care proceedings");
        if (child.NotIndependentlyMobile) known.Add("not mobile");
        if (child.ExploitationRisk != ExploitationRisk.Unspecified) known.Add($"exploitation {EnumNames<ExploitationRisk>.Instance.NameOf(child.ExploitationRisk)}");
        if (child.NowhereSafeToSleepTonight) known.Add("nowhere safe tonight");
        return known.Count == 0 ? "-" : string.Join("; ", known);
    }

    static string Pretty(string authority, string locality) =>
        authority.Length == 0 ? "outside (transfer)" : locality.Length == 0 ? authority : $"{authority} / {locality}";

    static readonly TimeZoneInfo LondonZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    internal static string London(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, LondonZone).ToString("ddd d MMM HH:mm");

    /// <summary>A deadline as a reader counts it: a working-day one (local midnight) is the end of the day before.</summary>
    internal static string Due(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, LondonZone);
        return local.TimeOfDay == TimeSpan.Zero ? $"end of {local.AddDays(-1):ddd d MMM}" : London(instant);
    }

    /// <summary>The hub of the first child's postcode (seeds/localities); a child outside both reached Walsall's hub.</summary>
    static string HubFor(SubmitContactRequest request, LocalityDirectory localities) =>
        localities.Find(request.Children.FirstOrDefault()?.Address?.Postcode ?? "") is { IsOutside: false } place ? place.LocalAuthority : "walsall";

    internal static string Short(string id) => id.Length > 8 ? id[^8..] : id;
}
