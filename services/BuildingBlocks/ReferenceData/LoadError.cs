namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>An error in a seed file (rule set, localities, directory), located for the person who wrote it.</summary>
public sealed record LoadError(string File, int Line, string? RuleId, string Message)
{
    public override string ToString() => RuleId is null ? $"{File}:{Line}: {Message}" : $"{File}:{Line}: rule {RuleId}: {Message}";
}
