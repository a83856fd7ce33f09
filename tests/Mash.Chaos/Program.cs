using Mash.Chaos;

// deploy/mash chaos [--contacts 5000] [--seed 1] [--concurrency 8] [--faults full|small] [--timeout-minutes 60]
// Exit code: 0 nothing lost or duplicated, 1 a discrepancy (listed), 2 the run could not be made.
static string Option(string[] args, string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

var contacts = int.Parse(Option(args, "--contacts", "5000"));
var faults = Option(args, "--faults", "full") switch
{
    "full" => Fault.Full,
    "small" => Fault.Small,
    "none" => [],
    var other => throw new ArgumentException($"--faults {other}: full, small or none"),
};
var options = new ChaosOptions(contacts, int.Parse(Option(args, "--seed", "1")), faults,
    int.Parse(Option(args, "--concurrency", "8")), TimeSpan.FromMinutes(double.Parse(Option(args, "--timeout-minutes", "60"))));
var servers = new PrivateServers(Option(args, "--name", "mash-chaos"), int.Parse(Option(args, "--postgres-port", "5433")), int.Parse(Option(args, "--amqp-port", "5673")));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
try
{
    var (_, report) = await ChaosSession.RunAsync(options, servers, Console.Out, cancel.Token);
    return report.Ok ? 0 : 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"chaos: the run could not be made: {e}");
    return 2;
}
