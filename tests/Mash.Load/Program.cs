using Mash.Load;

// deploy/mash bench load | deploy/mash replay run this program; see Usage below.
try
{
    var options = new Options(args);
    return options.Command switch
    {
        "load" => await LoadRun.RunAsync(options),
        "replay" => await ReplayRun.RunAsync(options),
        "help" or "--help" => Usage(0),
        _ => Usage(64),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"mash-load: {e.Message}");
    return Usage(64);
}

static int Usage(int code)
{
    (code == 0 ? Console.Out : Console.Error).WriteLine("""
        usage: Mash.Load load   [--duration 60] [--rates 5,50,75,max] [--poisson] [--warmup 5] [--warmup-settle 30] [--seed 1] [--out DIR] [--latest PATH] [--no-baselines]
               Mash.Load replay [--contacts 72000] [--rate 250] [--seed 1] [--out DIR] [--latest PATH]
        common: [--pool-size 16] [--prefetch 32] [--outbox-batch 100] [--outbox-poll 00:00:00.5] [--screeners 32] [--max-callers 32] [--drain-timeout 180]
        Starts the five services on fresh databases and a vhost of their own, drives contacts through intake's API with a
        simulated screener deciding as recommended, and measures each child until audit's trail holds its outcome.
        Exits 1 when anything was lost or duplicated (or a submission or decision failed).
        """);
    return code;
}
