using System.Globalization;
using System.Text;
using Mash.BuildingBlocks.Messaging.Protobuf;
using MassTransit;
using RabbitMQ.Client;

namespace Mash.Cli.Errors;

/// <summary>
/// A message in an error queue as its headers describe it: MassTransit adds the fault (MT-Fault-*
/// headers: exception type and message, when, where) to the original message's properties, and our
/// protobuf events carry their type in Mash-Message-Type. Nothing of the body is read.
/// </summary>
public sealed record FailedMessage(string ErrorQueue, string? MessageId, string MessageType, string Exception, DateTimeOffset? FailedAt)
{
    public static FailedMessage From(string errorQueue, IReadOnlyBasicProperties properties)
    {
        var headers = properties.Headers ?? new Dictionary<string, object?>();
        var type = Text(headers, ProtobufSerializerFactory.MessageTypeHeader)
            ?? Text(headers, MessageHeaders.FaultMessageType)
            ?? properties.ContentType
            ?? "?";
        var exceptionType = Text(headers, MessageHeaders.FaultExceptionType);
        var firstLine = Text(headers, MessageHeaders.FaultMessage)?.Split('\n', 2)[0].Trim();
        var exception = (exceptionType, firstLine) switch
        {
            (null, null) => Text(headers, MessageHeaders.Reason) is { } reason ? $"({reason}, no exception recorded)" : "(no fault headers)",
            (null, _) => firstLine!,
            (_, null or "") => exceptionType!,
            _ => $"{exceptionType}: {firstLine}",
        };
        return new(errorQueue, properties.MessageId, type, exception, Time(headers, MessageHeaders.FaultTimestamp));
    }

    /// <summary>Header values arrive as the AMQP type they were written in: strings as bytes.</summary>
    static string? Text(IDictionary<string, object?> headers, string name) => headers.TryGetValue(name, out var value) ? value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    } : null;

    static DateTimeOffset? Time(IDictionary<string, object?> headers, string name)
    {
        if (headers.TryGetValue(name, out var value) && value is AmqpTimestamp stamp) return DateTimeOffset.FromUnixTimeSeconds(stamp.UnixTime);
        return DateTimeOffset.TryParse(Text(headers, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}

/// <summary>Failed messages of one queue alike in type and exception: how many, and since when.</summary>
public sealed record FailureGroup(string ErrorQueue, string MessageType, string Exception, int Count, DateTimeOffset? Oldest)
{
    public static IReadOnlyList<FailureGroup> Of(IEnumerable<FailedMessage> messages) => messages
        .GroupBy(m => (m.ErrorQueue, m.MessageType, m.Exception))
        .Select(g => new FailureGroup(g.Key.ErrorQueue, g.Key.MessageType, g.Key.Exception, g.Count(), g.Min(m => m.FailedAt)))
        .OrderBy(g => g.ErrorQueue, StringComparer.Ordinal).ThenBy(g => g.Oldest)
        .ToList();
}
