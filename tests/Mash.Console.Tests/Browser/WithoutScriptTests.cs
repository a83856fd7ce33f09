using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// The console with JavaScript switched off in the browser: forms still post, rows are still added by
/// posting back, and the service's errors still come back beside the fields (GOV.UK Frontend's scripts
/// only enhance).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class WithoutScriptTests(ConsoleStack stack)
{
    [Fact]
    public void A_partner_works_the_contact_form_with_javascript_switched_off()
    {
        using var browser = Chromium.Start(script: false);
        browser.BaseAddress = stack.Console.Address;
        browser.ServerLog = stack.Browser.ServerLog;

        browser.SignIn("partner", agency: "wmp");
        browser.Go("/partner/submit");
        Assert.DoesNotContain("js-enabled", browser.Find("body").GetAttribute("class") ?? "");
        browser.Type("children[0].given_names", "Noscript");
        browser.Follow("button[formaction*='handler=AddChild']");
        Assert.Equal("Noscript", browser.Find("#f-children-0-given_names").GetAttribute("value"));
        Assert.Single(browser.FindAll("#f-children-1-given_names"));
        // Sending after adding a row sends the contact (the form once posted back to "add a child" again).
        browser.Follow("[data-testid=submit-contact]");
        Assert.Empty(browser.FindAll("#f-children-2-given_names"));
        Assert.Contains("There is a problem", browser.Text("[data-testid=error-summary]"));
        // Each of intake's messages links to its field, which is marked invalid.
        var links = browser.FindAll("[data-testid=error-summary] a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, href => Assert.Equal("true", browser.Find("#" + href[(href.IndexOf('#') + 1)..]).GetAttribute("aria-invalid")));
        browser.Screenshot("60-partner-form-without-javascript");
    }
}
