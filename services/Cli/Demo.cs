using Google.Protobuf;
using Grpc.Net.Client;
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
        var files = Directory.GetFiles(options.ContactsDirectory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            Console.Error.WriteLine($"No contacts (*.json) in {options.ContactsDirectory}");
            return 1;
        }

        using var intakeChannel = GrpcChannel.ForAddress(options.Intake);
        using var auditChannel = GrpcChannel.ForAddress(options.Audit);
        var intake = new IntakeService.IntakeServiceClient(intakeChannel);
        var audit = new AuditService.AuditServiceClient(auditChannel);

        var submitted = new List<(string File, SubmitContactRequest Request, SubmitContactResponse Response)>();
        foreach (var file in files)
        {
            var request = Parser.Parse<SubmitContactRequest>(await File.ReadAllTextAsync(file));
            var response = await intake.SubmitContactAsync(request);
            submitted.Add((Path.GetFileNameWithoutExtension(file), request, response));
        }
        Console.WriteLine($"Submitted {submitted.Count} contacts ({submitted.Count(s => s.Response.Replayed)} already known) with {submitted.Sum(s => s.Response.Children.Count)} children.");

        var rows = new List<string[]>();
        var deadline = DateTime.UtcNow + options.Timeout;
        foreach (var (file, request, response) in submitted)
        {
            var contact = (await intake.GetContactAsync(new GetContactRequest { ContactId = response.ContactId })).Contact;
            foreach (var child in contact.Children)
            {
                var trail = await WaitForTrailAsync(audit, child.Child.ChildId, deadline);
                rows.Add([
                    file, Short(child.Child.ChildId), child.Child.Address?.Postcode ?? "",
                    request.Referrer.ReferralSource.ToString(), child.Status.ToString(),
                    trail.Count.ToString(), trail.LastOrDefault()?.Summary ?? "(not in the trail yet)",
                ]);
            }
        }

        Table.Print(["contact file", "child", "postcode", "referral source", "status", "trail", "latest trail entry"], rows);
        var missing = rows.Count(r => r[5] == "0");
        if (missing > 0) Console.Error.WriteLine($"{missing} children did not reach the audit trail within {options.Timeout.TotalSeconds:0} s");
        return missing == 0 ? 0 : 1;
    }

    static async Task<IReadOnlyList<TrailEntry>> WaitForTrailAsync(AuditService.AuditServiceClient audit, string childId, DateTime deadline)
    {
        while (true)
        {
            var entries = (await audit.GetDecisionTrailAsync(new GetDecisionTrailRequest { ChildId = childId })).Entries;
            if (entries.Count > 0 || DateTime.UtcNow > deadline) return entries;
            await Task.Delay(200);
        }
    }

    static string Short(string id) => id.Length > 8 ? id[^8..] : id;
}
