using System.Globalization;

namespace Mash.Cli.Errors;

/// <summary>
/// deploy/mash errors: what sits in each _error queue (queue, message type, first exception line,
/// count, oldest), and <c>errors replay QUEUE [--message-id ID]</c>: send it back to be consumed again.
/// </summary>
public static class ErrorsCommand
{
    public static async Task<int> RunAsync(CommandLine options)
    {
        var broker = Broker.FromEnvironment();
        var client = new ErrorQueueClient(broker);
        try
        {
            return options.Args.FirstOrDefault() switch
            {
                null or "list" => await ListAsync(client, broker),
                "replay" when options.Args.Count >= 2 && !options.Args[1].StartsWith("--", StringComparison.Ordinal) =>
                    await ReplayAsync(client, options.Args[1], options.Option("--message-id", "") is { Length: > 0 } id ? id : null),
                _ => CommandLine.Usage(),
            };
        }
        catch (QueueNotFoundException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    static async Task<int> ListAsync(ErrorQueueClient client, Broker broker)
    {
        var rows = new List<string[]>();
        foreach (var queue in await client.ErrorQueueNamesAsync(CancellationToken.None))
        {
            var waiting = await client.CountAsync(queue, CancellationToken.None);
            if (waiting == 0) continue;
            foreach (var group in FailureGroup.Of(await client.ReadAsync(queue, CancellationToken.None)))
                rows.Add([group.ErrorQueue, group.MessageType, Shorten(group.Exception, 100), group.Count.ToString(CultureInfo.InvariantCulture),
                    group.Oldest?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "?"]);
            if (waiting > ErrorQueueClient.ReadLimit)
                rows.Add([queue, "...", $"({waiting - ErrorQueueClient.ReadLimit} more not read)", "", ""]);
        }
        if (rows.Count == 0)
        {
            Console.WriteLine($"No message in any _error queue of virtual host '{broker.Rabbit.VirtualHost}'.");
            return 0;
        }
        Table.Print(["QUEUE", "MESSAGE TYPE", "EXCEPTION", "COUNT", "OLDEST"], rows);
        Console.WriteLine();
        Console.WriteLine("deploy/mash errors replay QUEUE [--message-id ID] sends them back to the queue they failed from.");
        return 0;
    }

    static async Task<int> ReplayAsync(ErrorQueueClient client, string queue, string? messageId)
    {
        var result = await client.ReplayAsync(queue, messageId, CancellationToken.None);
        foreach (var id in result.Replayed) Console.WriteLine($"replayed {id ?? "(no message id)"}");
        Console.WriteLine($"{result.Replayed.Count} message(s) sent back from {result.ErrorQueue} to {result.Queue}; {result.Left} left in {result.ErrorQueue}");
        if (messageId is not null && result.Replayed.Count == 0)
        {
            Console.Error.WriteLine($"No message with id {messageId} in {result.ErrorQueue}");
            return 1;
        }
        return 0;
    }

    static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";
}
