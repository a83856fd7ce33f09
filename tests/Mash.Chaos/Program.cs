using Mash.Chaos;

// deploy/mash chaos [--contacts 5000] [--seed 1] [--concurrency 8] [--faults full|small|none]
//                   [--queue-type classic|quorum] [--repeat 1] [--timeout-minutes 60]
// Exit code: 0 nothing lost or duplicated (in every run), 1 a discrepancy (listed), 2 a run could not be made.
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
var queueType = Option(args, "--queue-type", "classic");
if (queueType is not ("classic" or "quorum")) throw new ArgumentException($"--queue-type {queueType}: classic or quorum");
var repeat = int.Parse(Option(args, "--repeat", "1"));
if (repeat < 1) throw new ArgumentException("--repeat: 1 or more");
var seed = int.Parse(Option(args, "--seed", "1"));
var servers = new PrivateServers(Option(args, "--name", "mash-chaos"), int.Parse(Option(args, "--postgres-port", "5433")), int.Parse(Option(args, "--amqp-port", "5673")));

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

// --repeat N: N runs one after another, each on fresh servers (ChaosSession starts them anew) with
// seeds seed, seed+1, ...: one line each, then the tally. The exit code is the worst run's.
var results = new List<(int Seed, int Exit, string Line)>();
for (var run = 0; run < repeat && !cancel.IsCancellationRequested; run++)
{
    var options = new ChaosOptions(contacts, seed + run, faults, int.Parse(Option(args, "--concurrency", "8")),
        TimeSpan.FromMinutes(double.Parse(Option(args, "--timeout-minutes", "60"))), queueType);
    var started = DateTime.UtcNow;
    int exit;
    string what;
    try
    {
        var (outcome, report) = await ChaosSession.RunAsync(options, servers, Console.Out, cancel.Token);
        exit = report.Ok ? 0 : 1;
        what = (report.Ok ? "passed" : $"FAILED ({report.Rows.Count(r => !r.Ok)} checks with discrepancies: {string.Join("; ", report.Rows.Where(r => !r.Ok).Select(r => r.Check))})")
            + $", {outcome.Restarts.Count} supervisor restarts";
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"chaos: the run could not be made: {e}");
        exit = 2;
        what = $"FAILED (could not be made: {e.Message.Split('\n')[0]})";
    }
    var line = $"chaos run {run + 1}/{repeat} seed {seed + run}: {what} in {(DateTime.UtcNow - started).TotalSeconds:0} s";
    results.Add((seed + run, exit, line));
    if (repeat > 1) Console.WriteLine(line);
}

if (repeat > 1)
{
    Console.WriteLine();
    foreach (var (_, _, line) in results) Console.WriteLine(line);
    Console.WriteLine($"chaos: {results.Count} runs, {results.Count(r => r.Exit == 0)} passed, {results.Count(r => r.Exit != 0)} failed"
        + (results.Count < repeat ? $" ({repeat - results.Count} not run: cancelled)" : ""));
}
return results.Any(r => r.Exit == 1) ? 1 : results.Count < repeat || results.Any(r => r.Exit != 0) ? 2 : 0;
