namespace Mash.BuildingBlocks.Messaging.Errors;

/// <summary>
/// MassTransit moves a message that still fails after its retries (or cannot be read) to the
/// receive endpoint's queue name with <c>_error</c> appended, with the fault in MT-Fault-* headers.
/// </summary>
public static class ErrorQueues
{
    public const string Suffix = "_error";

    public static string Of(string queue) => queue + Suffix;

    public static bool IsErrorQueue(string queue) => queue.EndsWith(Suffix, StringComparison.Ordinal) && queue.Length > Suffix.Length;

    /// <summary>The queue an error queue's messages failed from.</summary>
    public static string SourceOf(string errorQueue) =>
        IsErrorQueue(errorQueue) ? errorQueue[..^Suffix.Length] : throw new ArgumentException($"'{errorQueue}' is not an error queue (no {Suffix} suffix)", nameof(errorQueue));
}
