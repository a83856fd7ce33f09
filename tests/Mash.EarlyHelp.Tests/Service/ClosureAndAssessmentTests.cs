using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;
using static Mash.EarlyHelp.Tests.Service.Events;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>Closing an episode with an outcome, and recording the early help assessment.</summary>
public sealed class ClosureAndAssessmentTests(EarlyHelpHost host) : IClassFixture<EarlyHelpHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    async Task<Episode> EpisodeAsync(bool consent, int age = 8)
    {
        var child = NewId();
        await host.PublishAsync(Routed(NewId(), child, "walsall-east", age, SettingKind.PrimarySchool));
        var episode = await host.EpisodeOfAsync(child);
        return consent
            ? (await host.Client.RecordConsentAsync(new RecordConsentRequest { EpisodeId = episode.EpisodeId, Decision = EarlyHelpConsentDecision.Given, GivenBy = "carer" }, cancellationToken: Cancel)).Episode
            : episode;
    }

    Task<CloseEpisodeResponse> CloseAsync(Episode episode, EpisodeOutcome outcome, string note = "", EarlyHelpService.EarlyHelpServiceClient? as_ = null) =>
        (as_ ?? host.Client).CloseEpisodeAsync(new CloseEpisodeRequest { EpisodeId = episode.EpisodeId, Outcome = outcome, Note = note }, cancellationToken: Cancel).ResponseAsync;

    [Fact]
    public async Task An_episode_closes_with_its_outcome_and_says_so()
    {
        var closed = await host.CaptureAsync<EpisodeClosed>();
        var active = await EpisodeAsync(consent: true);

        Assert.Equal(["outcome"], (await Reads.RefusedAsync(() => CloseAsync(active, EpisodeOutcome.Unspecified), StatusCode.InvalidArgument)).Fields());
        Assert.Equal(["outcome"], (await Reads.RefusedAsync(() => CloseAsync(active, EpisodeOutcome.ConsentDeclined), StatusCode.InvalidArgument)).Fields());
        Assert.Equal(["note"], (await Reads.RefusedAsync(() => CloseAsync(active, EpisodeOutcome.Other), StatusCode.InvalidArgument)).Fields());
        await Reads.RefusedAsync(() => CloseAsync(active, EpisodeOutcome.SteppedUp), StatusCode.FailedPrecondition);
        await Reads.RefusedAsync(() => CloseAsync(active, EpisodeOutcome.NeedsMet, as_: host.ClientAs(Role.Auditor)), StatusCode.PermissionDenied);
        await Reads.RefusedAsync(() => CloseAsync(new Episode { EpisodeId = NewId() }, EpisodeOutcome.NeedsMet), StatusCode.NotFound);

        var done = (await CloseAsync(active, EpisodeOutcome.NeedsMet, "Plan completed; family feel confident.")).Episode;
        Assert.Equal((EpisodeStatus.Closed, EpisodeOutcome.NeedsMet, "Plan completed; family feel confident.", ClockState.Met),
            (done.Status, done.Outcome, done.ClosureNote, done.LeadProfessionalClock.State));
        Assert.NotNull(done.ClosedAt);
        var announced = (await host.CollectAsync<EpisodeClosed>(closed, c => c.EpisodeId == active.EpisodeId, 1, "EpisodeClosed")).Single();
        Assert.Equal((EpisodeOutcome.NeedsMet, active.OpenedAt, Role.Screener, active.Children.Select(c => c.ChildId).Single()),
            (announced.Outcome, announced.OpenedAt, announced.Header.Actor.Role, announced.ChildIds.Single()));
        await Reads.RefusedAsync(() => CloseAsync(active, EpisodeOutcome.MovedAway), StatusCode.FailedPrecondition);

        // Closed before anyone was allocated: the 48-hour clock no longer applies.
        var unallocated = (await CloseAsync(await EpisodeAsync(consent: false), EpisodeOutcome.MovedAway)).Episode;
        Assert.Equal((EpisodeOutcome.MovedAway, ClockState.Cancelled), (unallocated.Outcome, unallocated.LeadProfessionalClock.State));
        var other = (await CloseAsync(await EpisodeAsync(consent: true), EpisodeOutcome.Other, "Family moved into a refuge out of area.")).Episode;
        Assert.Equal(EpisodeOutcome.Other, other.Outcome);
    }

    [Fact]
    public async Task After_closure_the_child_can_be_routed_to_early_help_again_in_a_new_episode()
    {
        var first = await EpisodeAsync(consent: true);
        var child = first.Children[0].ChildId;
        await CloseAsync(first, EpisodeOutcome.Disengaged);
        await host.PublishAsync(Routed(NewId(), child, "walsall-east", 8, SettingKind.PrimarySchool));

        var second = await host.EpisodeOfAsync(child, e => e.EpisodeId != first.EpisodeId, "a new episode");
        Assert.Equal(EpisodeStatus.AwaitingConsent, second.Status);
        Assert.Equal(EpisodeOutcome.Disengaged, (await host.ReadAsync(first.EpisodeId)).Outcome);
    }

    [Fact]
    public async Task The_early_help_assessment_is_recorded_with_needs_plan_and_review_once_the_family_agrees()
    {
        var recorded = await host.CaptureAsync<EarlyHelpAssessmentRecorded>();
        var today = DateTime.UtcNow;
        RecordAssessmentRequest Assessment(Episode episode) => new()
        {
            EpisodeId = episode.EpisodeId,
            AssessmentDate = new Date { Year = today.Year, Month = today.Month, Day = today.Day },
            Needs =
            {
                new Concern { Category = ConcernCategory.ParentingSupport, Subject = ConcernSubject.ParentOrCarer, Detail = "Routines at bedtime." },
                new Concern { Category = ConcernCategory.SchoolAbsence, Subject = ConcernSubject.Child, ChildIndexes = { 0 } },
            },
            Plan = "Parenting course at the family hub; school attendance plan.",
            ReviewDate = new Date { Year = today.AddDays(42).Year, Month = today.AddDays(42).Month, Day = today.AddDays(42).Day },
        };

        await Reads.RefusedAsync(() => host.Client.RecordAssessmentAsync(Assessment(new Episode { EpisodeId = NewId() }), cancellationToken: Cancel).ResponseAsync, StatusCode.NotFound);
        var waiting = await EpisodeAsync(consent: false);
        await Reads.RefusedAsync(() => host.Client.RecordAssessmentAsync(Assessment(waiting), cancellationToken: Cancel).ResponseAsync, StatusCode.FailedPrecondition);

        var episode = await EpisodeAsync(consent: true);
        var bad = Assessment(episode);
        bad.Needs.Add(new Concern { ChildIndexes = { 1 } });
        bad.ReviewDate = bad.AssessmentDate;
        bad.Plan = "";
        Assert.Equal(["needs[2].category", "needs[2].child_indexes", "plan", "review_date"],
            (await Reads.RefusedAsync(() => host.Client.RecordAssessmentAsync(bad, cancellationToken: Cancel).ResponseAsync, StatusCode.InvalidArgument)).Fields());

        var assessment = (await host.Client.RecordAssessmentAsync(Assessment(episode), cancellationToken: Cancel)).Assessment;
        // The organisation completing it defaults to the lead professional's.
        Assert.Equal(("East Family Hub (fictional)", Role.Screener, 2), (assessment.CompletedByOrganisation, assessment.RecordedBy.Role, assessment.Needs.Count));
        Assert.Equal(assessment.AssessmentId, (await host.ReadAsync(episode.EpisodeId)).Assessments.Single().AssessmentId);
        var announced = (await host.CollectAsync<EarlyHelpAssessmentRecorded>(recorded, r => r.EpisodeId == episode.EpisodeId, 1, "EarlyHelpAssessmentRecorded")).Single();
        Assert.Equal((assessment.AssessmentId, "East Family Hub (fictional)", ConcernCategory.SchoolAbsence), (announced.AssessmentId, announced.CompletedByOrganisation, announced.Needs[1].Category));
        Assert.Equal(assessment.ReviewDate, announced.ReviewDate);
    }

    [Fact]
    public async Task An_assessment_sent_again_with_its_key_is_recorded_and_announced_once()
    {
        var recorded = await host.CaptureAsync<EarlyHelpAssessmentRecorded>();
        var episode = await EpisodeAsync(consent: true);
        var today = DateTime.UtcNow;
        var request = new RecordAssessmentRequest
        {
            EpisodeId = episode.EpisodeId,
            AssessmentDate = new Date { Year = today.Year, Month = today.Month, Day = today.Day },
            Needs = { new Concern { Category = ConcernCategory.ParentingSupport, Subject = ConcernSubject.ParentOrCarer } },
            Plan = "Parenting course at the family hub.",
            ReviewDate = new Date { Year = today.AddDays(42).Year, Month = today.AddDays(42).Month, Day = today.AddDays(42).Day },
            IdempotencyKey = Guid.NewGuid().ToString(),
        };

        // A retry racing the first, and one after both answered (the first answer was lost, say).
        var racing = await Task.WhenAll(host.Client.RecordAssessmentAsync(request, cancellationToken: Cancel).ResponseAsync, host.Client.RecordAssessmentAsync(request, cancellationToken: Cancel).ResponseAsync);
        var again = await host.Client.RecordAssessmentAsync(request, cancellationToken: Cancel);

        Assert.Single(racing.Append(again).Select(r => r.Assessment.AssessmentId).Distinct());
        Assert.Single((await host.ReadAsync(episode.EpisodeId)).Assessments);
        Assert.Single(await host.CollectAsync<EarlyHelpAssessmentRecorded>(recorded, r => r.EpisodeId == episode.EpisodeId, 1, "EarlyHelpAssessmentRecorded"));
        await Task.Delay(TimeSpan.FromSeconds(2), Cancel);
        Assert.DoesNotContain(await host.DrainAsync<EarlyHelpAssessmentRecorded>(recorded), r => r.EpisodeId == episode.EpisodeId);

        var changed = request.Clone();
        changed.Plan = "Another plan.";
        await Reads.RefusedAsync(() => host.Client.RecordAssessmentAsync(changed, cancellationToken: Cancel).ResponseAsync, StatusCode.AlreadyExists);
        Assert.Single((await host.ReadAsync(episode.EpisodeId)).Assessments);
    }
}
