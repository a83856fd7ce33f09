namespace Mash.EarlyHelp.Domain;

public enum RefusalKind { InvalidArgument, FailedPrecondition }

/// <summary>Why a request cannot be done: bad fields (each with its path) or a record in the wrong state.</summary>
public sealed record Refusal(RefusalKind Kind, string Message, IReadOnlyList<(string Field, string Description)> Violations)
{
    public static Refusal Invalid(IReadOnlyList<(string Field, string Description)> violations) =>
        new(RefusalKind.InvalidArgument, "", violations);

    public static Refusal Invalid(string field, string description) => Invalid([(field, description)]);

    public static Refusal Precondition(string message) => new(RefusalKind.FailedPrecondition, message, []);

    /// <summary>Null when there are no violations.</summary>
    public static Refusal? IfAny(List<(string Field, string Description)> violations) => violations.Count > 0 ? Invalid(violations) : null;
}
