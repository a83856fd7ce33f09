namespace Mash.Cli;

public sealed record CommandLine(string Command, string ContactsDirectory, Uri Intake, Uri Audit, TimeSpan Timeout)
{
    public static CommandLine Parse(string[] args)
    {
        string Option(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }

        return new CommandLine(
            args.FirstOrDefault() ?? "",
            Option("--contacts", "seeds/contacts"),
            new Uri(Option("--intake", "http://127.0.0.1:5101")),
            new Uri(Option("--audit", "http://127.0.0.1:5105")),
            TimeSpan.FromSeconds(int.Parse(Option("--timeout", "60"))));
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: mash-cli demo [--contacts DIR] [--intake URL] [--audit URL] [--timeout SECONDS]");
        return 2;
    }
}
