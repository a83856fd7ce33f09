using OpenQA.Selenium;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// Checks a page as a keyboard or screen-reader user meets it: a language, one h1, every control
/// labelled, every link and button named, and text in WCAG AA contrast (4.5:1) with what is behind it.
/// Not a full audit (no axe-core here); it catches what a page of this console most easily gets wrong.
/// </summary>
public static class Accessibility
{
    const string Script = """
        const problems = [];
        // What a closed <details> holds beyond its summary is not rendered (nor read out) until opened.
        const folded = e => { const d = e.closest('details:not([open])'); return d !== null && !e.closest('summary'); };
        const visible = e => !folded(e) && (e.offsetParent !== null || e.getClientRects().length > 0);
        const describe = e => e.outerHTML.slice(0, 120);
        if (!document.documentElement.lang) problems.push('the page has no lang');
        if (document.querySelectorAll('h1').length !== 1) problems.push('the page should have exactly one h1');
        for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
          const named = (e.labels && e.labels.length > 0) || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby');
          if (!named) problems.push('no label: ' + describe(e));
        }
        for (const e of document.querySelectorAll('a[href], button')) {
          if (visible(e) && !(e.innerText || '').trim() && !e.getAttribute('aria-label')) problems.push('no name: ' + describe(e));
        }
        for (const e of document.querySelectorAll('svg')) {
          if (!e.getAttribute('aria-label') && e.getAttribute('aria-hidden') !== 'true') problems.push('svg without a text alternative');
        }
        const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
        const luminance = ([r, g, b]) => {
          const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const background = e => {
          for (let n = e; n; n = n.parentElement) {
            const c = rgb(getComputedStyle(n).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
          }
          return [255, 255, 255];
        };
        for (const e of document.querySelectorAll('body *')) {
          if (!visible(e) || e.closest('svg')) continue;
          const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
          if (!own) continue;
          const fg = luminance(rgb(getComputedStyle(e).color)), bg = luminance(background(e));
          const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
          if (ratio < 4.5) problems.push('contrast ' + ratio.toFixed(2) + ': ' + describe(e));
        }
        return problems;
        """;

    public static void AssertAccessible(this Chromium browser)
    {
        var problems = ((IReadOnlyCollection<object>)browser.Driver.ExecuteScript(Script)!).Select(p => (string)p).ToList();
        if (problems.Count > 0)
            throw new Xunit.Sdk.XunitException($"{browser.CurrentPath} has accessibility problems:\n" + string.Join("\n", problems));
    }

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
