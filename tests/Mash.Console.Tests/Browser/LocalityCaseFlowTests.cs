using Mash.Console.Display;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// A locality team's child protection case in the browser: the caseloads against their caps, the
/// case's clocks counting down, then a strategy discussion (allocation's own field errors first), a
/// visit and the initial conference, each stopping its clock; then a manager reads the child's story.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class LocalityCaseFlowTests(ConsoleStack stack)
{
    Chromium Browser => stack.Browser;

    [Fact]
    public async Task A_team_records_the_strategy_discussion_a_visit_and_the_initial_conference_and_the_clocks_stop()
    {
        var family = "Casekid" + Guid.NewGuid().ToString("N")[..6];
        var (contactId, childId) = await TestContacts.SubmitAsync(stack, family);
        await TestContacts.DecideAsync(stack, contactId, childId, Pathway.ChildProtection);

        Browser.SignIn("screener");
        var row = $"tr[data-contact-id='{contactId}']";
        await Browser.UntilAsync("/cases", b => b.FindAll(row).Count == 1, "the child's case in the caseload");
        Assert.NotEmpty(Browser.FindAll("[data-testid=workers] tr[data-worker-id]"));
        Assert.All(Browser.FindAll("[data-testid=workers] tr[data-worker-id]"), w => Assert.Matches(@"\d+ of \d+", w.Text));
        Assert.Contains("Child protection", Browser.Text(row));
        Browser.AssertAccessible();
        Browser.Screenshot("40-locality-caseloads");
        Browser.Follow($"{row} a");
        var casePath = Browser.CurrentPath;
        Assert.Contains($"Testchild {family}", Browser.Text("h1"));
        Assert.Matches("(left|overdue by)", Browser.Text("[data-testid=case-clocks] tr[data-clock-kind=StrategyDiscussion] .countdown"));
        Browser.Screenshot("41-locality-case");

        // Held a few minutes ago (UK time); the conference set a week on, on a weekday.
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var london = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        var conference = DateOnly.FromDateTime(london.DateTime).AddDays(7);
        while (conference.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) conference = conference.AddDays(1);
        void When(string form, string path, DateTimeOffset at)
        {
            Browser.Find($"#{form}-f-{path}").SendKeys(at.Day.ToString());
            Browser.Find($"#{form}-f-{path}-month").SendKeys(at.Month.ToString());
            Browser.Find($"#{form}-f-{path}-year").SendKeys(at.Year.ToString());
            Browser.Find($"#{form}-f-{path}-time").SendKeys(at.ToString("HH:mm"));
        }

        // No one named: allocation's own message about who must take part.
        When("strategy", "held_at", london);
        Browser.Find("#strategy-f-outcome option[value='Section47Enquiry']").Click();
        Browser.Follow("[data-testid=record-strategy]");
        Assert.Contains("There is a problem", Browser.Text("[data-testid=error-summary]"));
        Assert.NotEmpty(Browser.Text("#strategy-f-participants-error"));
        Browser.AssertAccessible();
        Browser.Screenshot("42-locality-strategy-needs-participants");
        foreach (var (i, name) in new[] { (0, "DC Example (fictional)"), (1, "Nurse Example (fictional)"), (2, "SW Example (fictional)") })
            Browser.Find($"#strategy-f-participants-{i}-name").SendKeys(name);
        Browser.Find("#strategy-f-initial_conference_date").SendKeys(conference.Day.ToString());
        Browser.Find("#strategy-f-initial_conference_date-month").SendKeys(conference.Month.ToString());
        Browser.Find("#strategy-f-initial_conference_date-year").SendKeys(conference.Year.ToString());
        Browser.Follow("[data-testid=record-strategy]");
        Assert.Contains("Strategy discussion recorded", Browser.Text("[data-testid=notice]"));
        Assert.Contains("Section 47 enquiry", Browser.Text("[data-testid=strategy-discussion]"));
        Assert.Equal("Met", Browser.Text("[data-testid=case-clocks] tr[data-clock-kind=StrategyDiscussion] [data-testid=clock-state]"));
        Assert.Matches("(left|overdue by)", Browser.Text("[data-testid=case-clocks] tr[data-clock-kind=InitialChildProtectionConference] .countdown"));

        // The visit, then the conference: each stops its clock.
        When("seen", "seen_at", london);
        Browser.Find("label[for=seen-alone]").Click();
        Browser.Follow("[data-testid=record-seen]");
        Assert.Contains("Visit recorded", Browser.Text("[data-testid=notice]"));
        Assert.Equal("Met", Browser.Text("[data-testid=case-clocks] tr[data-clock-kind=ChildSeen] [data-testid=clock-state]"));
        When("conference", "held_at", london);
        Browser.Find("#conference-f-outcome option[value='ChildProtectionPlan']").Click();
        Browser.Follow("[data-testid=record-conference]");
        Assert.Contains("conference recorded", Browser.Text("[data-testid=notice]"));
        Assert.Equal("Met", Browser.Text("[data-testid=case-clocks] tr[data-clock-kind=InitialChildProtectionConference] [data-testid=clock-state]"));
        Assert.Contains("Child protection plan", Browser.Text("[data-testid=conference]"));
        // The casework as a GOV.UK task list: three steps done, the assessment still to do.
        string Step(string name) => Browser.Find($"[data-testid=task-list] li[data-task=\"{name}\"] .govuk-task-list__status").Text;
        Assert.Equal(("Completed", "Completed", "Completed", "To do"),
            (Step("Strategy discussion"), Step("See the child"), Step("Initial child protection conference"), Step("Complete the assessment")));
        Browser.AssertAccessible();
        Browser.Screenshot("43-locality-icpc-recorded");
        Assert.Equal(casePath, Browser.CurrentPath);

        // A manager reads the child's whole story, verified, each entry linked to its place in the trail.
        Browser.SignIn("manager");
        await Browser.UntilAsync($"/children/{childId}", b => b.FindAll("[data-testid=story] li[data-kind=Case]").Count >= 3, "the casework in the child's story");
        Assert.Contains($"Testchild {family}", Browser.Text("[data-testid=child-story-name]"));
        Assert.StartsWith("Verified:", Browser.Text("[data-testid=verification]"));
        foreach (var kind in new[] { "Contact", "Recommendation", "Decision", "Routing", "Case" })
            Assert.NotEmpty(Browser.FindAll($"[data-testid=story] li[data-kind={kind}]"));
        Assert.Empty(Browser.FindAll("[data-testid=story] li[data-kind=Read]"));
        Assert.Contains("Met", Browser.Text("[data-testid=story-clocks]"));
        Browser.AssertAccessible();
        Browser.Screenshot("44-manager-child-story");
        var routed = Browser.Find("[data-testid=story] li[data-kind=Routing]").GetAttribute("data-sequence");
        Browser.Follow("[data-testid=story] li[data-kind=Routing] a[href*='#entry-']");
        Assert.Equal($"/trail/{childId}", Browser.CurrentPath);
        Assert.Contains("Child routed", Browser.Find($"#entry-{routed}").Text);
    }
}
