using Google.Protobuf.WellKnownTypes;
using Mash.Allocation.Domain.Clocks;
using Mash.BuildingBlocks.Validation;
using Mash.Contracts.Common.V1;

namespace Mash.Allocation.Domain.Cases;

/// <summary>The checks every request to a case shares, each adding a field violation to the list it is given.</summary>
public sealed class RequestChecks(DateTimeOffset now, DateTimeOffset referredAt)
{
    public const int MaxNotes = 4_000;
    public const int MaxReason = 1_000;
    public const int MaxShortText = 200;
    public const int MaxItems = 50;

    /// <summary>A client's clock may run a little ahead of ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public List<(string Field, string Description)> Violations { get; } = [];

    public void Add(string field, string description) => Violations.Add((field, description));

    /// <summary>
    /// An instant something happened: not in the future, and not before the day of the referral (a
    /// strategy discussion or a visit may have happened before the decision was recorded: it is
    /// recorded when it happened).
    /// </summary>
    public DateTimeOffset? When(Timestamp? value, string field, bool required = true)
    {
        if (value is null)
        {
            if (required) Add(field, "is required");
            return null;
        }
        DateTimeOffset at;
        try { at = value.ToDateTimeOffset(); }
        catch (InvalidOperationException) { Add(field, "is not a valid timestamp"); return null; }
        if (at > now + ClockSkew) { Add(field, "must not be in the future"); return null; }
        var referredOn = StatutoryClocks.LondonDate(referredAt);
        if (StatutoryClocks.LondonDate(at) < referredOn)
        {
            Add(field, $"must not be before the day of the referral ({referredOn:yyyy-MM-dd})");
            return null;
        }
        return at;
    }

    public void Text(string value, string field, int max, bool required = false)
    {
        if (required && value.Trim().Length == 0) Add(field, "is required");
        else if (FreeText.Problem(value, max) is { } problem) Add(field, problem);
    }

    /// <summary>An enum value that must be set (the zero value means "not given") and known.</summary>
    public void Set<T>(T value, string field) where T : struct, System.Enum
    {
        if (!System.Enum.IsDefined(value) || Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
            Add(field, "is required and must be a known value");
    }

    public void Known<T>(T value, string field) where T : struct, System.Enum
    {
        if (!System.Enum.IsDefined(value)) Add(field, "is not a known value");
    }

    /// <summary>Concerns handed on (category required; who it is about optional; a bounded detail).</summary>
    public void Concerns(IReadOnlyList<Concern> concerns, string field)
    {
        if (concerns.Count > MaxItems) Add(field, $"at most {MaxItems}");
        for (var i = 0; i < concerns.Count; i++)
        {
            Set(concerns[i].Category, $"{field}[{i}].category");
            Known(concerns[i].Subject, $"{field}[{i}].subject");
            Text(concerns[i].Detail, $"{field}[{i}].detail", MaxNotes);
        }
    }

    public void Facts(IReadOnlyList<ConcernFact> facts, string field)
    {
        if (facts.Count > MaxItems) Add(field, $"at most {MaxItems}");
        for (var i = 0; i < facts.Count; i++)
        {
            Set(facts[i].Category, $"{field}[{i}].category");
            Known(facts[i].Subject, $"{field}[{i}].subject");
        }
    }
}
