using Mash.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven through its chromedriver (both from apt: deploy/local/provision.sh
/// installs them). Paths are given explicitly so Selenium never tries to download a browser or driver.
/// Screenshots go to .mash/screenshots/console/.
/// </summary>
public sealed class Chromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium", DriverPath = "/usr/bin/chromedriver";

    public static string ScreenshotFolder { get; } = Path.Combine(ServiceProcess.RepositoryRoot(), ".mash", "screenshots", "console");

    Chromium(ChromeDriver driver) => Driver = driver;

    public ChromeDriver Driver { get; }

    public Uri BaseAddress { get; set; } = new("http://127.0.0.1");

    /// <summary>What the server behind the pages logged lately, for failure messages.</summary>
    public Func<string> ServerLog { get; set; } = () => "";

    /// <summary>Starts the browser; <paramref name="script"/> false starts it with JavaScript switched off for every site.</summary>
    public static Chromium Start(bool script = true)
    {
        foreach (var path in new[] { BrowserPath, DriverPath })
            if (!File.Exists(path))
                throw new InvalidOperationException($"{path} is missing: apt-get install chromium chromium-driver (deploy/local/provision.sh installs them)");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        // A laptop screen; root in CI needs --no-sandbox; /dev/shm is small in containers.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1366,768", "--lang=en-GB");
        if (!script) options.AddUserProfilePreference("profile.managed_default_content_settings.javascript", 2);
        var driver = new ChromeDriver(service, options, TimeSpan.FromMinutes(2));
        driver.Manage().Timeouts().PageLoad = TimeSpan.FromMinutes(1);
        // axe-core runs as an asynchronous script: on a busy two-core machine a long page takes seconds.
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromMinutes(1);
        Directory.CreateDirectory(ScreenshotFolder);
        return new Chromium(driver);
    }

    public void Go(string path) => Driver.Navigate().GoToUrl(new Uri(BaseAddress, path));

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public IReadOnlyList<IWebElement> FindAll(string css) => Driver.FindElements(By.CssSelector(css));

    public string Text(string css) => Find(css).Text;

    /// <summary>
    /// Clicks what <paramref name="css"/> finds (a submit button, a link) and waits until the next
    /// page has replaced this one. The click can return before the request has landed (seen on a
    /// busy machine): a check made then reads the old page and finds nothing.
    /// </summary>
    public void Follow(string css)
    {
        var clicked = Find(css);
        clicked.Click();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!Gone(clicked))
        {
            if (DateTime.UtcNow > until)
                throw new TimeoutException($"The page did not change after clicking {css}; the page said:\n{Find("main").Text}\nThe console logged:\n{ServerLog()}");
            Thread.Sleep(50);
        }
    }

    static bool Gone(IWebElement element)
    {
        try { _ = element.Enabled; return false; }
        catch (StaleElementReferenceException) { return true; }
        // Asked while the old document is being torn down, chromedriver reports the same as this.
        catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal)) { return true; }
    }

    public string CurrentPath => new Uri(Driver.Url).AbsolutePath;

    /// <summary>Types into the input with that API field path (its id is the path's field id).</summary>
    public void Type(string field, string text)
    {
        var input = Find("#" + Mash.Console.Errors.FormErrors.FieldId(field));
        input.Clear();
        input.SendKeys(text);
    }

    /// <summary>Chooses the option with that value in the select with that API field path.</summary>
    public void Choose(string field, string value) =>
        Find($"#{Mash.Console.Errors.FormErrors.FieldId(field)} option[value='{value}']").Click();

    /// <summary>A date input takes the date as the browser's locale types it; setting the value is locale-proof.</summary>
    public void SetDate(string field, DateOnly date) =>
        Driver.ExecuteScript("arguments[0].value = arguments[1];", Find("#" + Mash.Console.Errors.FormErrors.FieldId(field)), date.ToString("yyyy-MM-dd"));

    /// <summary>The whole page, not only the window: Chrome's DevTools capture beyond the viewport.</summary>
    public void Screenshot(string name)
    {
        var shot = (Dictionary<string, object?>)Driver.ExecuteCdpCommand("Page.captureScreenshot",
            new Dictionary<string, object?> { ["format"] = "png", ["captureBeyondViewport"] = true, ["fromSurface"] = true })!;
        File.WriteAllBytes(Path.Combine(ScreenshotFolder, name + ".png"), Convert.FromBase64String((string)shot["data"]!));
    }

    /// <summary>Signs in on the development form (signing out first when someone is signed in).</summary>
    public void SignIn(string role, string agency = "", string authority = TestIdentity.Authority, string subject = "")
    {
        Go("/account/signin");
        if (CurrentPath != "/account/signin")
        {
            Follow("form[action='/account/signout'] button");
            Go("/account/signin");
        }
        Find($"input[name='Choice.Role'][value='{role}']").Click();
        Type("agency", agency);
        Choose("authority", authority);
        Type("subject", subject);
        Follow("main form button[type=submit]");
        if (CurrentPath == "/account/signin" || FindAll("[data-testid=problem-title]").Count > 0)
            throw new InvalidOperationException($"Signing in as {role} failed; the page said:\n{Find("main").Text}\nThe console logged:\n{ServerLog()}");
    }

    /// <summary>Reloads <paramref name="path"/> until <paramref name="ready"/> holds (messages cross the bus meanwhile).</summary>
    public async Task UntilAsync(string path, Func<Chromium, bool> ready, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            Go(path);
            if (ready(this)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what} on {path}; the page said:\n{Find("main").Text}\nThe console logged:\n{ServerLog()}");
            await Task.Delay(1000);
        }
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
    }
}
