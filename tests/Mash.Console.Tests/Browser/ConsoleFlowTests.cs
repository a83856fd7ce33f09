using Google.Protobuf.WellKnownTypes;
using Mash.Console.Errors;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Intake.V1;
using Grpc.Core;
using Mash.Testing;
using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// The console in a real browser against the five running services: a partner submits, a screener
/// decides from the queue, a manager verifies the child's trail. Screenshots: .mash/screenshots/console/.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleFlowTests(ConsoleStack stack)
{
    Chromium Browser => stack.Browser;

    [Fact]
    public async Task A_partner_submits_a_screener_decides_from_the_queue_and_a_manager_sees_the_trail_verified()
    {
        var family = "Browserkid" + Guid.NewGuid().ToString("N")[..6];

        // The partner makes a contact through the form.
        Browser.SignIn("partner", agency: "wmp");
        Assert.Equal("/partner/contacts", Browser.CurrentPath);
        Browser.Go("/partner/submit");
        FillValidContact(family);
        Browser.AssertAccessible();
        Browser.Screenshot("01-partner-submit-form");
        Browser.Follow("[data-testid=submit-contact]");
        Assert.Contains("Contact received", Browser.Text("[data-testid=notice]"));
        var contactId = Browser.Text("[data-testid=contact-id]");
        Browser.AssertAccessible();
        Browser.Screenshot("02-partner-contact-received");

        // The screener finds the child in the queue with the rules' recommendation.
        Browser.SignIn("screener");
        var row = $"tr[data-contact-id='{contactId}']";
        await Browser.UntilAsync("/queue", b => b.FindAll(row).Count == 1 && b.Find(row).Text.Contains("Triaged"), "the child triaged in the queue");
        var recommended = Browser.Find($"{row} [data-testid=recommendation]").Text;
        Assert.DoesNotContain("—", recommended);
        Assert.Contains($"Testchild {family}", Browser.Find(row).Text);
        Assert.Matches(@"(left|overdue by)", Browser.Find($"{row} .countdown").Text);
        Browser.AssertAccessible();
        Browser.Screenshot("03-screener-queue");

        // The contact page shows every fired rule with its reason; the decision form requires a rationale on override.
        var childId = Browser.Find(row).GetAttribute("data-child-id")!;
        Browser.Follow($"{row} a");
        Assert.NotEmpty(Browser.FindAll("[data-testid=fired-rules] li"));
        Browser.AssertAccessible();
        Browser.Screenshot("04-screener-contact");
        Browser.Find("input[name='Decision.InitialOutcome'][value='StraightToAllocation']").Click();
        var overridePathway = recommended.StartsWith("Early help") ? "ChildInNeed" : "EarlyHelp";
        Browser.Choose("pathway", overridePathway);
        Browser.Type("referrer_feedback", "Thank you: the family is offered early help.");
        Browser.Follow("[data-testid=decision-form] button[type=submit]");
        Assert.Contains("is required: the decision differs from the recommendation", Browser.Text("#f-rationale-error"));
        Assert.Equal("true", Browser.Find("#f-rationale").GetAttribute("aria-invalid"));
        Browser.Screenshot("05-screener-rationale-required");
        Browser.Type("rationale", "Mother has asked for parenting support; no harm to the children seen.");
        Browser.Follow("[data-testid=decision-form] button[type=submit]");
        Assert.Contains("Decision recorded", Browser.Text("[data-testid=notice]"));
        await Browser.UntilAsync($"/contacts/{contactId}?child={childId}", b => b.Text("[data-testid=child-status]").StartsWith("Routed"), "the child routed");
        Browser.Screenshot("06-screener-decided");

        // The manager reads the child's trail, verified link by link.
        Browser.SignIn("manager");
        await Browser.UntilAsync($"/trail/{childId}", b => b.Text("[data-testid=trail]").Contains("Child routed"), "the routing in the child's trail");
        Assert.StartsWith("Verified:", Browser.Text("[data-testid=verification]"));
        Assert.Contains("Decision recorded", Browser.Text("[data-testid=trail]"));
        Browser.AssertAccessible();
        Browser.Screenshot("07-manager-trail-verified");

        // The partner learns the outcome.
        Browser.SignIn("partner", agency: "wmp");
        await Browser.UntilAsync("/partner/contacts", b => b.Find($"tr[data-contact-id='{contactId}']").Text.Contains("Thank you: the family is offered early help."), "the outcome in my contacts");
        Browser.AssertAccessible();
        Browser.Screenshot("08-partner-outcome");
    }

    [Fact]
    public async Task The_submit_form_shows_intakes_own_messages_next_to_the_fields()
    {
        Browser.SignIn("partner", agency: "wmp");
        Browser.Go("/partner/submit");
        FillValidContact("Invalidkid");
        Browser.Type("children[0].address.postcode", "NOT A POSTCODE");
        Browser.Type("consent.reason", "too short");
        Browser.Choose("concerns[0].category", "");
        Browser.Follow("[data-testid=submit-contact]");

        // The same request sent to intake directly gives the messages the page must show, field by field.
        var request = TestContacts.Police("Invalidkid");
        request.Children[0].Address.Postcode = "NOT A POSTCODE";
        request.Consent.Reason = "too short";
        request.Concerns[0].Category = ConcernCategory.Unspecified;
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new IntakeService.IntakeServiceClient(stack.Intake.As(Role.Partner, "wmp")).SubmitContactAsync(request, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        var expected = FormErrors.From(refused).Fields;
        Assert.Equal(["children[0].address.postcode", "concerns[0].category", "consent.reason"], expected.Select(f => f.Field).Order());
        foreach (var (field, message) in expected)
        {
            Assert.Contains(message, Browser.Text($"#{FormErrors.FieldId(field)}-error"));
            Assert.Equal("true", Browser.Find("#" + FormErrors.FieldId(field)).GetAttribute("aria-invalid"));
        }
        Assert.Contains("There is a problem", Browser.Text("[data-testid=error-summary]"));
        Browser.AssertAccessible();
        Browser.Screenshot("10-partner-validation-messages");
    }

    [Fact]
    public void Manager_pages_show_reports_with_charts_and_are_keyboard_reachable()
    {
        // Keyboard only: the skip link comes first, and the sign-in form is worked without a mouse.
        Browser.Go("/account/signin");
        Browser.AssertAccessible();
        Browser.Screenshot("09-sign-in");
        Assert.Equal("Skip to main content", Browser.TabTo(".govuk-skip-link").Text);
        Browser.TabTo("input[name='Choice.Role']:checked");
        new OpenQA.Selenium.Interactions.Actions(Browser.Driver).SendKeys(OpenQA.Selenium.Keys.ArrowDown).Perform();
        Assert.True(Browser.Find("input[name='Choice.Role'][value='manager']").Selected);
        Browser.TabTo("main form button[type=submit]").SendKeys(OpenQA.Selenium.Keys.Enter);
        Assert.Equal("/manager", Browser.CurrentPath);
        Browser.AssertAccessible();
        Browser.Screenshot("09b-manager-reports");

        foreach (var (path, shot) in new[] { ("/manager/timeliness", "11-manager-timeliness"), ("/manager/breaches", "12-manager-breaches"),
                     ("/manager/feedback", "13-manager-feedback"), ("/manager/countersign", "14-manager-countersign") })
        {
            Browser.Go(path);
            Assert.Equal(path, Browser.CurrentPath);
            Browser.AssertAccessible();
            Browser.Screenshot(shot);
        }
        Browser.Go("/manager/timeliness");
        Assert.Equal(3, Browser.FindAll("[data-testid=charts] figure").Count);

        // The services decide: a partner's token may not read reports, whatever page it asks for.
        Browser.SignIn("partner", agency: "wmp");
        Browser.Go("/manager/breaches");
        Assert.Equal("You may not do this", Browser.Text("[data-testid=problem-title]"));
        Browser.AssertAccessible();
        Browser.Screenshot("15-partner-may-not");
        Browser.Go("/no-such-page");
        Assert.Equal("Not found", Browser.Text("[data-testid=problem-title]"));
        Browser.AssertAccessible();
        Browser.Screenshot("18-not-found");
    }

    [Fact]
    public async Task A_manager_says_why_a_clock_was_missed_on_the_breach_list_with_the_services_own_field_errors()
    {
        // A decision received yesterday, red on a re-run, and never made: its four hours are long gone, so it is breached at once.
        var (contactId, childId) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var received = DateTimeOffset.UtcNow.AddDays(-1);
        EventHeader Header(string child = "") => new()
        {
            EventId = Guid.NewGuid().ToString(), OccurredAt = Timestamp.FromDateTimeOffset(received), ContactId = contactId, ChildId = child,
            LocalAuthority = TestIdentity.Authority, Actor = new Actor { Subject = "thresholds", Role = Role.System }, CorrelationId = contactId,
        };
        await stack.PublishAsync(new ContactReceived
        {
            Header = Header(),
            Facts = new ContactFacts { ReceivedAt = Timestamp.FromDateTimeOffset(received), Children = { new ChildFacts { ChildId = childId, AgeYears = 7 } } },
        });
        await stack.PublishAsync(new ChildTriaged
        {
            // Thresholds triages the contact too (evaluation 1): this is a later re-run, which makes it red.
            Header = Header(childId), Evaluation = 2, Locality = "walsall-south",
            Recommendation = new Recommendation { RecommendationId = Guid.NewGuid().ToString(), Rag = Rag.Red, DecisionDeadline = Timestamp.FromDateTimeOffset(received.AddHours(4)) },
        });

        Browser.SignIn("manager");
        var row = $"tr[data-clock-id='mash_decision/{contactId}/{childId}']";
        await Browser.UntilAsync("/manager/breaches", b => b.FindAll(row).Count == 1 && b.Find(row).Text.Contains("Breached"), "the missed decision on the breach list");
        Assert.Contains("Say why", Browser.Text($"{row} summary"));

        // "Other" needs a note: audit's own message comes back beside the note, the row's form left open.
        Browser.Find($"{row} summary").Click();
        Browser.Find($"{row} select[name=reason] option[value='Other']").Click();
        Browser.Follow($"{row} form button[type=submit]");
        // What a screen reader reads: Selenium's visible text puts the visually hidden "Error:" on a line of its own.
        var noteError = Browser.Find($"{row} .govuk-error-message").GetDomProperty("textContent") ?? "";
        Assert.Equal("Error: is required when the reason is other", System.Text.RegularExpressions.Regex.Replace(noteError, @"\s+", " ").Trim());
        Assert.Equal("true", Browser.Find($"{row} textarea[name=note]").GetAttribute("aria-invalid"));
        Assert.Contains("There is a problem", Browser.Text("[data-testid=error-summary]"));
        Browser.AssertAccessible();
        Browser.Screenshot("16-manager-reason-needs-a-note");

        Browser.Find($"{row} select[name=reason] option[value='ProfessionalCapacity']").Click();
        Browser.Find($"{row} textarea[name=note]").SendKeys("Fictional: both screeners on leave that morning.");
        Browser.Follow($"{row} form button[type=submit]");
        Assert.Contains("Recorded", Browser.Text("[data-testid=notice]"));
        Assert.Contains("Fictional: both screeners on leave that morning.", Browser.Text($"{row} [data-testid=miss-reason]"));
        Assert.Contains("Change", Browser.Text($"{row} summary"));
        Browser.AssertAccessible();
        Browser.Screenshot("17-manager-reason-recorded");

        // An auditor reads the reason and is offered no form.
        Browser.SignIn("auditor");
        Browser.Go("/manager/breaches");
        Assert.Contains("Fictional: both screeners on leave that morning.", Browser.Text($"{row} [data-testid=miss-reason]"));
        Assert.Empty(Browser.FindAll($"{row} form"));
    }

    void FillValidContact(string family)
    {
        Browser.Type("referrer.agency_name", "West Midlands Police (fictional)");
        Browser.Choose("referrer.agency_kind", "Police");
        Browser.Choose("referrer.referral_source", "Police");
        Browser.Type("referrer.name", "PC Test Officer");
        Browser.Type("children[0].given_names", "Testchild");
        Browser.Type("children[0].family_name", family);
        Browser.SetDate("children[0].date_of_birth", new DateOnly(2019, 3, 14));
        Browser.Choose("children[0].gender", "Female");
        Browser.Type("children[0].address.lines[0]", "1 Fictional Road");
        Browser.Type("children[0].address.town", "Walsall");
        Browser.Type("children[0].address.postcode", "WS1 1TP");
        Browser.Choose("concerns[0].category", "DomesticAbuse");
        Browser.Choose("concerns[0].subject", "ParentOrCarer");
        Browser.Type("concerns[0].detail", "Police attended a domestic incident; the child was present.");
        Browser.Type("narrative", "Fictional narrative for the console tests.");
        Browser.Choose("consent.state", "NotSought");
        Browser.Type("consent.reason", "Seeking consent could place the child at risk.");
        Browser.Type("consent.decided_by", "PC Test Officer");
    }
}
