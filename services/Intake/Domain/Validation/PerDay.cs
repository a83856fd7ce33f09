namespace Mash.Intake.Domain.Validation;

/// <summary>
/// Holds the validator built for the latest day asked for, and builds another when the day changes.
/// Building a validator is costly (every rule builds its expression trees and rule objects: an
/// eighth of intake's CPU under load went there when one was built per call), and a built one is
/// immutable and safe to share between calls.
/// </summary>
public sealed class PerDay<T>(Func<DateOnly, T> build) where T : class
{
    sealed record Built(DateOnly Day, T Value);

    Built? latest;

    public T For(DateOnly day)
    {
        var built = Volatile.Read(ref latest);
        if (built is null || built.Day != day)
            Volatile.Write(ref latest, built = new Built(day, build(day)));
        return built.Value;
    }
}
