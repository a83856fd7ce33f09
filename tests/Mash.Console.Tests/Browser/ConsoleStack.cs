using Mash.Testing;
using Xunit;

namespace Mash.Console.Tests.Browser;

/// <summary>
/// The five services (the end-to-end pipeline: own databases, own vhost), the console pointed at them,
/// and one headless Chromium for the class's tests.
/// </summary>
public sealed class ConsoleStack : ServicePipeline
{
    public ConsoleProcess Console { get; private set; } = null!;
    public Chromium Browser { get; private set; } = null!;

    /// <summary>
    /// The pipeline starts each service outside its output folder, so intake's appsettings.json (which
    /// names the hub's partner for each kind of check) is not read: the police partner is given here.
    /// </summary>
    protected override IDictionary<string, string> IntakeOverrides => new Dictionary<string, string> { ["AgencyChecks__Partners__Police"] = "wmp" };

    public override async ValueTask InitializeAsync()
    {
        // The browser first: a machine without Chromium should fail in a second, not after five services start.
        Browser = Chromium.Start();
        await base.InitializeAsync();
        Console = new ConsoleProcess(new Dictionary<string, string>
        {
            ["Services__Intake"] = $"http://127.0.0.1:{Intake.Port}",
            ["Services__Thresholds"] = $"http://127.0.0.1:{Thresholds.Port}",
            ["Services__EarlyHelp"] = $"http://127.0.0.1:{EarlyHelp.Port}",
            ["Services__Allocation"] = $"http://127.0.0.1:{Allocation.Port}",
            ["Services__Audit"] = $"http://127.0.0.1:{Audit.Port}",
        });
        await Console.StartAsync();
        Browser.BaseAddress = Console.Address;
        Browser.ServerLog = () => Console.Output is { Length: > 6000 } log ? log[^6000..] : Console.Output;
    }

    public override async ValueTask DisposeAsync()
    {
        Browser?.Dispose();
        if (Console is not null) await Console.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary>
/// The browser test classes share one stack and one browser: five services and Chromium start once,
/// and the classes run one after another (they drive the same browser).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleStack>
{
    public const string Name = "console";
}
