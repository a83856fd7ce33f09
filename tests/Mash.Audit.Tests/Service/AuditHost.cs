using Google.Protobuf;
using Mash.Audit.Domain.Checkpoints;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Testing;

namespace Mash.Audit.Tests.Service;

/// <summary>
/// Audit alone, as a process, on its own database and vhost; the test plays every other service
/// by publishing their events. Its bank holidays are the fixture's (Christmas 2026).
/// </summary>
public class AuditHost : IsolatedEnvironment
{
    public ServiceProcess Audit { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mash-audit-{Guid.NewGuid():N}");

    /// <summary>Audit signs its trail's head with this key, into its directory, every <see cref="CheckpointInterval"/>.</summary>
    public TrailCheckpointKey Checkpoints { get; } = new();

    /// <summary>Short, so a test can wait for the checkpoint to reach the head before it tampers.</summary>
    protected virtual TimeSpan CheckpointInterval => TimeSpan.FromSeconds(1);

    /// <summary>Settings the service starts with (the clock tests set its clock from a file).</summary>
    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    public AuditService.AuditServiceClient ClientAs(Role role, string authority = TestIdentity.Authority, string agency = "", string? subject = null) =>
        new(Audit.Channel.WithBearerToken(DevTokens.Mint(TestIdentity.SigningKey, role, agency, authority, subject)));

    public AuditService.AuditServiceClient Manager => ClientAs(Role.Manager);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(Folder);
        await File.WriteAllTextAsync(Path.Combine(Folder, "bank-holidays.json"), BankHolidays);
        // The authorities' office hours as shipped, read beside the bank holidays.
        File.Copy(Path.Combine(Mash.BuildingBlocks.ReferenceData.SeedRoot.Repository(), "seeds", "calendar", "office-hours.yaml"), Path.Combine(Folder, "office-hours.yaml"), overwrite: true);
        // The database server is shared with other test runs: each process keeps to a few connections.
        Database = await CreateDatabaseAsync("audit");
        var environment = new Dictionary<string, string>(RabbitEnvironment("audit"))
        {
            ["ConnectionStrings__Database"] = Database,
            ["Audit__Clocks__CalendarFile"] = Path.Combine(Folder, "bank-holidays.json"),
        };
        foreach (var (key, value) in Checkpoints.Settings(CheckpointInterval)) environment[key] = value;
        foreach (var (key, value) in Settings) environment[key] = value;
        await BeforeStartAsync();
        Audit = new ServiceProcess("Audit", environment);
        await Audit.StartAsync();
    }

    /// <summary>What a host finds on the broker before audit starts (the one-stream tests: queues of an earlier audit).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    /// <summary>How many entries the trail holds for a contact (read straight from the database).</summary>
    public Task<long> EntriesAsync(string contactId) =>
        Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM trail_entries WHERE contact_id = $1", contactId);

    /// <summary>Publishes the events and waits until the trail holds all of them.</summary>
    public async Task RecordAsync(params IMessage[] events)
    {
        foreach (var e in events) await PublishAsync(e);
        var ids = events.Select(e => Guid.Parse(((Mash.Contracts.Events.V1.IEvent)e).Header.EventId)).ToArray();
        try
        {
            await Eventually.Until(() => Sql.CountOrZeroAsync(Database, "SELECT count(*) FROM trail_entries WHERE event_id = ANY($1)", ids),
                n => n == ids.Length, $"{ids.Length} events in the trail");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- audit's output ---\n{Audit.Output[^Math.Min(Audit.Output.Length, 6000)..]}", ex);
        }
    }

    /// <summary>The trail's newest entry: its sequence and hash (read straight from the database).</summary>
    public async Task<(long Sequence, byte[] Hash)> HeadAsync()
    {
        var head = (await TrailRows.ReadAsync(Database, "sequence = (SELECT max(sequence) FROM trail_entries)")).Single();
        return (head.Sequence, head.Hash);
    }

    /// <summary>The checkpoint file of an authority as audit wrote it (null when there is none yet).</summary>
    public SignedCheckpoint? CheckpointOf(string authority = TestIdentity.Authority)
    {
        var file = Path.Combine(Checkpoints.Directory, CheckpointFormat.FileName(authority));
        return File.Exists(file) ? CheckpointFormat.Decode(File.ReadAllText(file)) : null;
    }

    /// <summary>Waits until audit's checkpoint of the authority has reached the trail's head, and returns it.</summary>
    public async Task<SignedCheckpoint> CheckpointedAsync(string authority = TestIdentity.Authority)
    {
        var (head, _) = await HeadAsync();
        return (await Eventually.Until(() => Task.FromResult(CheckpointOf(authority)), c => c?.Checkpoint.Chain.Sequence >= head,
            $"a checkpoint of {authority} at sequence {head}"))!;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Audit is not null) await Audit.DisposeAsync();
        Checkpoints.Dispose();
        await base.DisposeAsync();
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
    }

    public const string BankHolidays = """
        {
          "england-and-wales": {
            "division": "england-and-wales",
            "events": [
              { "title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": true },
              { "title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": true },
              { "title": "New Year's Day", "date": "2027-01-01", "notes": "", "bunting": true },
              { "title": "Good Friday", "date": "2027-03-26", "notes": "", "bunting": false },
              { "title": "Easter Monday", "date": "2027-03-29", "notes": "", "bunting": true }
            ]
          }
        }
        """;
}
