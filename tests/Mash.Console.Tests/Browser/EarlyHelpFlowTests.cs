using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// Early help in the browser: a family routed by the MASH appears in the hub's episodes with its
/// 48-working-hour clock; a practitioner records the family's consent (early help's own field errors
/// first); a manager chooses the lead professional from the directory with each person's places shown;
/// the practitioner records the assessment.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EarlyHelpFlowTests(ConsoleStack stack)
{
    Chromium Browser => stack.Browser;

    [Fact]
    public async Task A_practitioner_records_consent_a_manager_chooses_the_lead_professional_and_the_assessment_is_recorded()
    {
        var family = "Helpkid" + Guid.NewGuid().ToString("N")[..6];
        var (contactId, childId) = await TestContacts.SubmitAsync(stack, family);
        await TestContacts.DecideAsync(stack, contactId, childId, Pathway.EarlyHelp);

        // The family waits for consent, its lead professional clock running.
        Browser.SignIn("screener");
        var row = $"tr[data-contact-id='{contactId}']";
        await Browser.UntilAsync("/early-help", b => b.FindAll(row).Count == 1, "the family's episode in the list");
        Assert.Contains("Awaiting consent", Browser.Text(row));
        Assert.Matches("(left|overdue by)", Browser.Text($"{row} .countdown"));
        Browser.AssertAccessible();
        Browser.Screenshot("30-early-help-episodes");
        Browser.Follow($"{row} a");
        var episodePath = Browser.CurrentPath;
        Assert.Contains($"Testchild {family}", Browser.Text("h1"));
        Assert.Contains("None until the family agrees", Browser.Text("[data-testid=lead-professional]"));

        // Consent without who decided: early help's own message beside the field.
        Browser.Find("label[for=consent-Given]").Click();
        Browser.Follow("[data-testid=record-consent]");
        Assert.Contains("There is a problem", Browser.Text("[data-testid=error-summary]"));
        Assert.Equal("true", Browser.Find("#consent-f-given_by").GetAttribute("aria-invalid"));
        Assert.NotEmpty(Browser.Text("#consent-f-given_by-error"));
        Browser.AssertAccessible();
        Browser.Screenshot("31-early-help-consent-needs-who");
        Browser.Find("#consent-f-given_by").SendKeys("mother");
        Browser.Follow("[data-testid=record-consent]");
        Assert.Contains("Consent recorded", Browser.Text("[data-testid=notice]"));
        Assert.Contains("Given by mother", Browser.Text("[data-testid=consents]"));

        // The manager sees the locality's lead professionals with their places and chooses one, with a reason.
        Browser.SignIn("manager");
        Browser.Go(episodePath);
        var choices = Browser.FindAll("[data-testid=assign-form] input[name='Assign.LeadProfessionalId']");
        Assert.NotEmpty(choices);
        Assert.All(Browser.FindAll("[data-testid=places]"), p => Assert.Matches(@"\d+ of \d+ families", p.Text));
        var chosen = choices[^1].GetAttribute("value")!;
        Browser.Find($"label[for='lead-{chosen}']").Click();
        Browser.Follow("[data-testid=assign]");
        Assert.NotEmpty(Browser.Text("#assign-f-reason-error"));
        Browser.AssertAccessible();
        Browser.Screenshot("32-early-help-assign-needs-a-reason");
        Browser.Find("#assign-f-reason").SendKeys("Fictional: already works with the family at the school.");
        Browser.Follow("[data-testid=assign]");
        Assert.Contains("is the family's lead professional", Browser.Text("[data-testid=notice]"));
        Assert.Contains("Fictional: already works with the family", Browser.Text("[data-testid=lead-professional]"));
        Assert.Equal("Active", Browser.Text("[data-testid=episode-status]"));
        string Step(string name) => Browser.Find($"[data-testid=task-list] li[data-task=\"{name}\"] .govuk-task-list__status").Text;
        Assert.Equal(("Completed", "Completed", "To do"),
            (Step("Record the family's consent"), Step("A lead professional for the family"), Step("Record the early help assessment")));
        Browser.AssertAccessible();
        Browser.Screenshot("33-early-help-lead-professional-chosen");

        // The practitioner records the assessment.
        Browser.SignIn("screener");
        Browser.Go(episodePath);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Browser.Find("#assessment-f-assessment_date").SendKeys(today.Day.ToString());
        Browser.Find("#assessment-f-assessment_date-month").SendKeys(today.Month.ToString());
        Browser.Find("#assessment-f-assessment_date-year").SendKeys(today.Year.ToString());
        Browser.Find("#assessment-f-needs-0-category option[value='DomesticAbuse']").Click();
        Browser.Find("#assessment-f-needs-0-subject option[value='ParentOrCarer']").Click();
        Browser.Find("#assessment-f-plan").SendKeys("Fictional: parenting programme and a domestic abuse service for mother.");
        Browser.Find("#assessment-f-completed_by_organisation").SendKeys("Walsall Example Family Hub (fictional)");
        Browser.Follow("[data-testid=record-assessment]");
        // Without a review date: early help's message beside the date, what was typed kept.
        Assert.Contains("is required", Browser.Text("#assessment-f-review_date-error"));
        Assert.Equal(today.Day.ToString(), Browser.Find("#assessment-f-assessment_date").GetAttribute("value"));
        Browser.AssertAccessible();
        Browser.Screenshot("34-early-help-assessment-needs-a-review-date");
        var review = today.AddMonths(3);
        Browser.Find("#assessment-f-review_date").SendKeys(review.Day.ToString());
        Browser.Find("#assessment-f-review_date-month").SendKeys(review.Month.ToString());
        Browser.Find("#assessment-f-review_date-year").SendKeys(review.Year.ToString());
        Browser.Follow("[data-testid=record-assessment]");
        Assert.Contains("Assessment recorded", Browser.Text("[data-testid=notice]"));
        Assert.Contains("parenting programme", Browser.Text("[data-testid=assessment]"));
        Browser.AssertAccessible();
        Browser.Screenshot("35-early-help-assessed");
    }
}
