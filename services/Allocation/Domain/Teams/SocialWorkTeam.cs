namespace Mash.Allocation.Domain.Teams;

/// <summary>A social worker of a team, with the most children they should hold at once.</summary>
public sealed record SocialWorker(string Id, string Name, string TeamId, int CaseloadCap);

/// <summary>A locality's social work team (seeds/localities/&lt;authority&gt;.yaml, <c>teams</c>).</summary>
public sealed record SocialWorkTeam(string Id, string Name, string LocalAuthority, string Locality, IReadOnlyList<SocialWorker> Workers);
