using System.Collections.Concurrent;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;

namespace Mash.Load;

/// <summary>What one phase sent and what intake answered.</summary>
public sealed class PhaseSubmissions
{
    public required string Name;
    public double Start, SendEnd;
    public int Sent;
    public int Retries;   // calls sent again with the same idempotency key after no answer came
    public readonly ConcurrentBag<double> SubmitLatencies = [];   // ms from the due time (open loop) or the send (closed loop)
    public readonly ConcurrentBag<string> Children = [];
    public readonly ConcurrentBag<string> Contacts = [];
    public readonly ConcurrentDictionary<string, int> Errors = new();
}

/// <summary>
/// Submits synthetic contacts through intake's SubmitContact, each as its referrer would: a partner
/// with its agency's token, an anonymous contact through a screener.
/// </summary>
public sealed class LoadDriver(LoadPipeline pipeline, ContactGenerator generator, TrailObserver observer)
{
    readonly ConcurrentDictionary<string, IntakeService.IntakeServiceClient> _clients = new();
    int _number;

    /// <summary>Open loop: contact i is due at start + schedule[i], whatever happened to the ones before.</summary>
    public async Task<PhaseSubmissions> OpenLoopAsync(string phase, TimeSpan[] schedule)
    {
        var result = new PhaseSubmissions { Name = phase, Start = RunClock.Now + 50 };
        var inFlight = new List<Task>(schedule.Length);
        foreach (var offset in schedule)
        {
            var due = result.Start + offset.TotalMilliseconds;
            var contact = generator.Next(++_number);
            await RunClock.UntilAsync(due);
            inFlight.Add(SubmitAsync(result, contact, due));
        }
        result.SendEnd = RunClock.Now;
        await Task.WhenAll(inFlight);
        return result;
    }

    /// <summary>Closed loop for the maximum: <paramref name="callers"/> callers, each submitting again as soon as answered.</summary>
    public async Task<PhaseSubmissions> ClosedLoopAsync(string phase, int callers, TimeSpan duration)
    {
        var result = new PhaseSubmissions { Name = phase, Start = RunClock.Now };
        var end = result.Start + duration.TotalMilliseconds;
        var gate = new object();
        async Task CallerAsync()
        {
            while (RunClock.Now < end)
            {
                SyntheticContact contact;
                lock (gate) contact = generator.Next(++_number);
                await SubmitAsync(result, contact, RunClock.Now);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(CallerAsync)));
        result.SendEnd = RunClock.Now;
        return result;
    }

    /// <summary>
    /// Windowed, for the year replay: at most <paramref name="window"/> contacts on their way end to
    /// end at once, the next sent as soon as one has every child's outcome in the trail. The pipeline
    /// runs at the most it sustains and its queues stay bounded, so the time taken is the pipeline's,
    /// not that of a backlog an open loop above capacity would build. Latency is from the actual send.
    /// </summary>
    public async Task<PhaseSubmissions> WindowedAsync(string phase, int count, int window, TimeSpan patience)
    {
        var result = new PhaseSubmissions { Name = phase, Start = RunClock.Now };
        using var slots = new SemaphoreSlim(window);
        var inFlight = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync();
            inFlight.Add(SubmitThenAwaitOutcomesAsync(result, generator.Next(++_number), slots, patience));
        }
        result.SendEnd = RunClock.Now;
        await Task.WhenAll(inFlight);
        return result;
    }

    /// <summary>Holds a window slot until the contact's children all have their outcome, or patience runs out (the drain then counts them).</summary>
    async Task SubmitThenAwaitOutcomesAsync(PhaseSubmissions phase, SyntheticContact contact, SemaphoreSlim slots, TimeSpan patience)
    {
        try
        {
            var children = await SubmitAsync(phase, contact, RunClock.Now);
            var giveUp = RunClock.Now + patience.TotalMilliseconds;
            while (RunClock.Now < giveUp && children.Any(id => !observer.Children[id].Done)) await Task.Delay(50);
        }
        finally { slots.Release(); }
    }

    /// <summary>How often a partner's system sends a contact again after no answer came (same idempotency key).</summary>
    const int Attempts = 3;

    /// <summary>Submits one contact; returns its children's ids (none when intake refused it).</summary>
    async Task<IReadOnlyList<string>> SubmitAsync(PhaseSubmissions phase, SyntheticContact contact, double due)
    {
        Interlocked.Increment(ref phase.Sent);
        try
        {
            var response = await SubmitAsPartnerAsync(phase, contact);
            var answered = RunClock.Now;
            phase.SubmitLatencies.Add(answered - due);
            phase.Contacts.Add(response.ContactId);
            foreach (var child in response.Children)
            {
                var track = observer.Track(child.ChildId);
                (track.ContactId, track.Phase, track.Due, track.Accepted) = (response.ContactId, phase.Name, due, answered);
                phase.Children.Add(child.ChildId);
            }
            return [.. response.Children.Select(c => c.ChildId)];
        }
        catch (RpcException e) { phase.Errors.AddOrUpdate($"SubmitContact {e.StatusCode}: {e.Status.Detail}", 1, (_, n) => n + 1); }
        catch (ObjectDisposedException) { phase.Errors.AddOrUpdate("SubmitContact: the run was stopped", 1, (_, n) => n + 1); }
        return [];
    }

    /// <summary>
    /// As a partner's system does: a call that got no answer in time (or found intake unreachable) is
    /// sent again with the same idempotency key, so a contact stored before the answer was lost comes
    /// back as a replay rather than being counted as refused or stored twice.
    /// </summary>
    async Task<SubmitContactResponse> SubmitAsPartnerAsync(PhaseSubmissions phase, SyntheticContact contact)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Client(contact.Request.Referrer.Agency).SubmitContactAsync(contact.Request, deadline: DateTime.UtcNow.AddSeconds(60));
            }
            catch (RpcException e) when (attempt < Attempts && e.StatusCode is StatusCode.DeadlineExceeded or StatusCode.Unavailable)
            {
                Interlocked.Increment(ref phase.Retries);
            }
        }
    }

    /// <summary>A partner submits as its agency; a member of the public's contact comes in through a screener.</summary>
    IntakeService.IntakeServiceClient Client(string agency) => _clients.GetOrAdd(agency, a => new IntakeService.IntakeServiceClient(
        pipeline.Intake.Channel.WithBearerToken(a.Length > 0
            ? TestIdentity.Token(Role.Partner, a, generator.Authority)
            : TestIdentity.Token(Role.Screener, "", generator.Authority))));

    /// <summary>The call the gRPC baseline makes: the same channel, the same token interceptor.</summary>
    public string Authority => generator.Authority;

    public CallInvoker BaselineInvoker => pipeline.Intake.Channel.WithBearerToken(TestIdentity.Token(Role.Partner, "wmp", generator.Authority));
}
