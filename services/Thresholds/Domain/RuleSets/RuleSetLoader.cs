namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>An error in a rule-set or localities file, located for the person who wrote it.</summary>
public sealed record LoadError(string File, int Line, string? RuleId, string Message)
{
    public override string ToString() => RuleId is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: rule {RuleId}: {Message}";
}

/// <summary>Either a rule set or every error found in the file; never half a rule set.</summary>
public sealed record RuleSetLoadResult(RuleSet? RuleSet, IReadOnlyList<LoadError> Errors)
{
    public bool Succeeded => RuleSet is not null && Errors.Count == 0;
}

/// <summary>Parses and validates one rule-set file (seeds/thresholds/README.md).</summary>
public static class RuleSetLoader
{
    /// <param name="sourceFile">The name to report errors against, e.g. "seeds/thresholds/walsall.yaml".</param>
    /// <param name="yaml">The file's text; its UTF-8 bytes' SHA-256 (lower-case hex) is the content hash.</param>
    public static RuleSetLoadResult Load(string sourceFile, string yaml) => throw new NotImplementedException();
}
