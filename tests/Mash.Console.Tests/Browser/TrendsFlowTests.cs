using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// A manager reads the trends: the weekly figures with the week's contact in them, an override counted
/// against the rule it overrode, each chart with its table, and the weekly figures as CSV.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TrendsFlowTests(ConsoleStack stack)
{
    Chromium Browser => stack.Browser;

    [Fact]
    public async Task A_manager_reads_the_weekly_trends_with_a_table_beside_each_chart_and_downloads_them()
    {
        var (contactId, childId) = await TestContacts.SubmitAsync(stack, "Trendkid" + Guid.NewGuid().ToString("N")[..6]);
        // The rules recommend early help for this contact: child in need overrides them.
        await TestContacts.DecideAsync(stack, contactId, childId, Pathway.ChildInNeed);

        Browser.SignIn("manager");
        await Browser.UntilAsync("/manager/trends", b => b.FindAll("[data-testid=overrides-table] tbody tr").Any(r => r.Text.Contains("WAL-")
            && int.Parse(r.FindElements(OpenQA.Selenium.By.CssSelector("td"))[1].Text) >= 1), "the override counted against its rule");
        Assert.Equal(6, Browser.FindAll("[data-testid=trend-charts] figure").Count);
        var weeks = Browser.FindAll("[data-testid=weekly-table] tbody tr");
        Assert.InRange(weeks.Count, 12, 13);
        Assert.True(int.Parse(weeks[^1].FindElements(OpenQA.Selenium.By.CssSelector("td"))[0].Text) >= 1, "this week's contacts include the test's");
        Browser.AssertAccessible();
        Browser.Screenshot("50-manager-trends");

        // The CSV, fetched as the browser would download it.
        var csv = (string)Browser.Driver.ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            fetch(document.querySelector('[data-testid=trends-csv]').href).then(r => r.text().then(t => done(r.headers.get('content-type') + '\n' + t)));
            """)!;
        var lines = csv.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.StartsWith("text/csv", lines[0]);
        Assert.StartsWith("week_from,week_to,contacts,children,referrals,conversion_rate", lines[1]);
        Assert.Equal(weeks.Count, lines.Count - 2);
    }
}
