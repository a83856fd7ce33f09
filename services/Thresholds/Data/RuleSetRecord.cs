namespace Mash.Thresholds.Data;

/// <summary>A rule-set version as it was loaded: the file's text and its SHA-256.</summary>
public sealed class RuleSetRecord
{
    public required string Id { get; init; }
    public int Version { get; init; }
    public required string ContentHash { get; init; }
    public required string LocalAuthority { get; init; }
    public DateOnly EffectiveFrom { get; init; }
    public required string SourceFile { get; init; }
    public required string Yaml { get; init; }
    public DateTimeOffset LoadedAt { get; init; }
}
