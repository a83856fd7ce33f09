namespace Mash.Allocation.Domain.Cases;

/// <summary>
/// What a request does to a case (<see cref="Change"/>), or why it may not: field violations
/// (INVALID_ARGUMENT, all at once) or a state that does not allow it (FAILED_PRECONDITION).
/// </summary>
public sealed record Verdict<T>(T? Change, IReadOnlyList<(string Field, string Description)> Violations, string? Precondition) where T : class
{
    public static Verdict<T> Invalid(IReadOnlyList<(string Field, string Description)> violations) => new(null, violations, null);

    public static Verdict<T> Refused(string precondition) => new(null, [], precondition);

    public static implicit operator Verdict<T>(T change) => new(change, [], null);
}
