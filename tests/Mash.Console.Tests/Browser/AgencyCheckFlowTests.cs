using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// A multi-agency check in the browser: a screener asks the police from the contact page, the police
/// answer from their check queue (intake's own field messages first), and the screener sees the answer
/// arrive and the rules run again on it.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AgencyCheckFlowTests(ConsoleStack stack)
{
    Chromium Browser => stack.Browser;

    [Fact]
    public async Task A_screener_asks_the_police_the_police_answer_from_their_queue_and_the_rules_run_again()
    {
        var family = "Checkkid" + Guid.NewGuid().ToString("N")[..6];
        var (contactId, childId) = await TestContacts.SubmitAsync(stack, family);
        var contactPage = $"/contacts/{contactId}?child={childId}";

        // The screener asks the police what they hold, once the rules have run.
        Browser.SignIn("screener");
        await Browser.UntilAsync(contactPage, b => b.FindAll("[data-testid=check-request-form]").Count == 1, "the contact triaged and open to checks");
        Assert.Contains($"Testchild {family}", Browser.Text("[data-testid=siblings]"));
        Assert.Contains("No agency has been asked yet.", Browser.Text("[data-testid=agency-checks]"));
        Browser.Follow("[data-testid=request-checks]");
        Assert.Contains("name at least one agency", Browser.Text("#f-agencies-error"));
        Browser.AssertAccessible();
        Browser.Screenshot("20-screener-checks-need-an-agency");
        Browser.Find("label[for=ask-Police]").Click();
        Browser.Type("question", "Any call-outs to this address in the last year?");
        Browser.Follow("[data-testid=request-checks]");
        Assert.Contains("Checks requested from Police", Browser.Text("[data-testid=notice]"));
        Assert.Contains("Open", Browser.Text("[data-testid=agency-checks]"));
        Browser.AssertAccessible();
        Browser.Screenshot("21-screener-checks-requested");

        // The police find it in their queue, oldest deadline first, with the screener's question.
        Browser.SignIn("partner", agency: "wmp");
        Browser.Go("/partner/checks");
        var row = Browser.FindAll("[data-testid=checks] tr[data-check-id]").Single(r => r.Text.Contains(family));
        Assert.Contains("Any call-outs to this address in the last year?", row.Text);
        Browser.AssertAccessible();
        Browser.Screenshot("22-partner-check-queue");
        var checkRow = $"tr[data-check-id='{row.GetAttribute("data-check-id")}']";
        Browser.Follow($"{checkRow} a");
        Assert.Contains($"Testchild {family}", Browser.Text("[data-testid=check-children]"));
        Assert.Contains("WS1 1TP", Browser.Text("[data-testid=check-children]"));

        // "Known" without a summary: intake's own message beside the summary.
        Browser.Find("label[for=finding-Known]").Click();
        Browser.Follow("[data-testid=send-answer]");
        Assert.Contains("is required when the agency holds information", Browser.Text("#f-summary-error"));
        Assert.Equal("true", Browser.Find("#f-summary").GetAttribute("aria-invalid"));
        Assert.Contains("There is a problem", Browser.Text("[data-testid=error-summary]"));
        Browser.AssertAccessible();
        Browser.Screenshot("23-partner-answer-needs-a-summary");

        Browser.Type("summary", "Fictional: two domestic incidents at the address this year, the children present at one.");
        Browser.Choose("indicators[0].category", "DomesticAbuse");
        Browser.Choose("indicators[0].subject", "ParentOrCarer");
        Browser.Follow("[data-testid=send-answer]");
        Assert.Contains("Answer sent", Browser.Text("[data-testid=notice]"));
        Assert.Empty(Browser.FindAll(checkRow));
        Browser.Go("/partner/checks?answered=true");
        Assert.Contains(family, Browser.Text("[data-testid=checks]"));

        // The screener sees the answer and a second run of the rules, caused by it.
        Browser.SignIn("screener");
        await Browser.UntilAsync(contactPage, b => b.FindAll("[data-testid=recommendation-runs] li").Count >= 2, "the rules run again on the answer");
        Assert.Contains("two domestic incidents", Browser.Text("[data-testid=agency-checks]"));
        Assert.Contains("Agency check completed", Browser.Text("[data-testid=recommendation-runs]"));
        Browser.AssertAccessible();
        Browser.Screenshot("24-screener-answer-arrived");
    }
}
