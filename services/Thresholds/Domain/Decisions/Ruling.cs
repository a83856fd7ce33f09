namespace Mash.Thresholds.Domain.Decisions;

/// <summary>How a request is refused; the API maps each kind to its gRPC status.</summary>
public enum RefusalKind
{
    /// <summary>The request itself is wrong (INVALID_ARGUMENT, with one violation per field).</summary>
    InvalidArgument,

    /// <summary>Well formed, but the child is not in a state that allows it (FAILED_PRECONDITION).</summary>
    FailedPrecondition,

    /// <summary>This caller may not do it (PERMISSION_DENIED).</summary>
    PermissionDenied,
}

public sealed record FieldViolation(string Field, string Description);

public sealed record Refusal(RefusalKind Kind, string Message, IReadOnlyList<FieldViolation> Violations)
{
    public static Refusal Invalid(IReadOnlyList<FieldViolation> violations) => new(RefusalKind.InvalidArgument, "", violations);

    public static Refusal Precondition(string message) => new(RefusalKind.FailedPrecondition, message, []);

    public static Refusal Denied(string message) => new(RefusalKind.PermissionDenied, message, []);
}

/// <summary>Either what a decision (or countersignature) does, or why it is refused.</summary>
public sealed record Ruling<T>(T? Effect, Refusal? Refusal) where T : class
{
    public bool Allowed => Effect is not null;

    public static implicit operator Ruling<T>(T effect) => new(effect, null);

    public static implicit operator Ruling<T>(Refusal refusal) => new(null, refusal);
}
