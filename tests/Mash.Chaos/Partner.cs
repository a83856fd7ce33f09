using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;

namespace Mash.Chaos;

/// <summary>A contact intake answered OK for: from then on it must never be lost or doubled.</summary>
public sealed record AcceptedContact(PlannedContact Planned, string ContactId, IReadOnlyList<string> ChildIds);

/// <summary>
/// Submits contacts as a partner agency's system would: with an idempotency key, and again with
/// the same key and the same bytes after any failure until intake answers OK. A contact counts as
/// accepted from that answer (a replay answers with the contact the first attempt stored).
/// </summary>
public sealed class Partner(ServiceProcess intake, DateTime runDeadline)
{
    int _retries, _replayed;

    public int Retries => _retries;

    /// <summary>Answers that were replays: an earlier attempt had stored the contact but its answer was lost.</summary>
    public int Replayed => _replayed;

    /// <summary>The contact as accepted, or null when intake refused it (the reason in <paramref name="refused"/>).</summary>
    public async Task<AcceptedContact?> SubmitAsync(PlannedContact contact, Action<string> refused, CancellationToken cancellationToken)
    {
        // A partner submits as itself; an anonymous call comes in through the hub's contact centre.
        var caller = contact.Agency.Length > 0 ? intake.As(Role.Partner, contact.Agency, contact.Hub) : intake.As(Role.Screener, "", contact.Hub);
        var client = new IntakeService.IntakeServiceClient(caller);
        try
        {
            var response = await Retry.UntilAnsweredAsync(
                deadline => client.SubmitContactAsync(contact.Request, deadline: deadline, cancellationToken: cancellationToken).ResponseAsync,
                runDeadline, () => Interlocked.Increment(ref _retries), cancellationToken);
            if (response.Replayed) Interlocked.Increment(ref _replayed);
            return new AcceptedContact(contact, response.ContactId, response.Children.OrderBy(c => c.ChildIndex).Select(c => c.ChildId).ToList());
        }
        catch (RpcException e)
        {
            refused($"{contact.Key}: {e.StatusCode} {e.Status.Detail}");
            return null;
        }
    }
}
