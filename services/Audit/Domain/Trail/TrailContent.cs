namespace Mash.Audit.Domain.Trail;

/// <summary>
/// Everything a trail entry states, as stored: the hash covers all of it, so changing any column
/// of an entry (or moving it to another position) breaks the chain at that entry.
/// </summary>
public sealed record TrailContent(
    long Sequence,
    Guid EventId,
    string EventType,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    byte[] Actor,
    string ContactId,
    IReadOnlyList<string> ChildIds,
    string LocalAuthority,
    string RuleSetId,
    int RuleSetVersion,
    string RuleSetHash,
    string Summary,
    byte[] Body);
