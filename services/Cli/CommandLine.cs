namespace Mash.Cli;

public sealed record CommandLine(string Command, IReadOnlyList<string> Args)
{
    public static CommandLine Parse(string[] args) => new(args.FirstOrDefault() ?? "", args.Skip(1).ToList());

    public string Option(string name, string fallback)
    {
        var at = Args.ToList().IndexOf(name);
        return at >= 0 && at + 1 < Args.Count ? Args[at + 1] : fallback;
    }

    /// <summary>The development signing key deploy/mash made (base64 in a file).</summary>
    public string SigningKey()
    {
        var file = Option("--signing-key-file", ".mash/dev-signing-key");
        return File.Exists(file)
            ? File.ReadAllText(file).Trim()
            : throw new FileNotFoundException($"No development signing key at {file}: run deploy/mash up first", file);
    }

    public static int Usage()
    {
        Console.Error.WriteLine("""
            usage: mash-cli demo [--contacts DIR] [--intake URL] [--audit URL] [--timeout SECONDS] [--signing-key-file FILE]
                   mash-cli token --role partner|screener|manager|auditor [--agency A] [--authority X] [--hours H] [--signing-key-file FILE]
                   mash-cli errors [list]                          what waits in each _error queue
                   mash-cli errors replay QUEUE [--message-id ID]  send it back to the queue it failed from
                   (the broker: RabbitMq__Host, __Port, __VirtualHost, __Username, __Password, __ManagementPort)
            """);
        return 2;
    }
}
