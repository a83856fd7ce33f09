using Deque.AxeCore.Commons;
using Newtonsoft.Json.Linq;
using OpenQA.Selenium;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// Checks a page with axe-core, the engine behind most automated WCAG audits, as shipped inside
/// Deque.AxeCore.Commons (MPL-2.0): its bundled axe.min.js is injected into the page and run there,
/// so the check needs no network and its version moves with the package's pinned version.
/// A serious or critical violation fails the test; so does a page without exactly one h1, which axe
/// rates only moderate but the console's pages promise (README: one h1 per page).
/// </summary>
public static class Accessibility
{
    static readonly Lazy<string> AxeScript = new(() => new BundledAxeScriptProvider().GetScript());

    static readonly HashSet<string> Failing = ["serious", "critical"];

    // axe.run resolves asynchronously; its result goes back as JSON so the package's typings read it.
    const string Run = """
        const done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ['violations'] })
          .then(r => done(JSON.stringify(r)))
          .catch(e => done(JSON.stringify({ error: String(e) })));
        """;

    public static void AssertAccessible(this Chromium browser)
    {
        var driver = browser.Driver;
        if (driver.ExecuteScript("return typeof window.axe") as string != "object")
            driver.ExecuteScript(AxeScript.Value);
        var json = JObject.Parse((string)driver.ExecuteAsyncScript(Run)!);
        if (json["error"] is { } error)
            throw new Xunit.Sdk.XunitException($"axe-core failed on {browser.CurrentPath}: {error}");

        var violations = new AxeResult(json).Violations;
        Record(browser.CurrentPath, violations);
        var problems = violations
            .Where(v => Failing.Contains(v.Impact ?? ""))
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
        var h1s = browser.FindAll("h1").Count;
        if (h1s != 1) problems.Add($"one-h1: the page has {h1s} h1 elements, and should have exactly one");
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException($"{browser.CurrentPath} has accessibility problems:\n" + string.Join("\n", problems));
    }

    static readonly Lock Log = new();

    /// <summary>
    /// Every page checked and what axe said of it, at any impact, one line a check, in
    /// .mash/screenshots/console/axe-results.txt beside the screenshots (a run starts it afresh).
    /// </summary>
    static void Record(string path, IEnumerable<AxeResultItem> violations)
    {
        var found = violations.Select(v => $"{v.Id} ({v.Impact}, {v.Nodes.Length} nodes)").ToList();
        lock (Log)
            File.AppendAllText(ResultsFile.Value, $"{path}: {(found.Count == 0 ? "no violations" : string.Join("; ", found))}{Environment.NewLine}");
    }

    static readonly Lazy<string> ResultsFile = new(() =>
    {
        var file = Path.Combine(Chromium.ScreenshotFolder, "axe-results.txt");
        Directory.CreateDirectory(Chromium.ScreenshotFolder);
        File.WriteAllText(file, "");
        return file;
    });

    /// <summary>Presses Tab until <paramref name="css"/> has the focus; fails when it is not reached in <paramref name="limit"/> presses.</summary>
    public static IWebElement TabTo(this Chromium browser, string css, int limit = 60)
    {
        var target = browser.Find(css);
        for (var i = 0; i < limit; i++)
        {
            new OpenQA.Selenium.Interactions.Actions(browser.Driver).SendKeys(Keys.Tab).Perform();
            if (browser.Driver.SwitchTo().ActiveElement().Equals(target)) return target;
        }
        throw new Xunit.Sdk.XunitException($"{css} on {browser.CurrentPath} was not reached with the keyboard in {limit} tabs");
    }
}
