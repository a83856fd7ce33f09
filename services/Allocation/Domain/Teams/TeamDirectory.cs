namespace Mash.Allocation.Domain.Teams;

/// <summary>Every authority's teams and workers, by id and by locality, in file order.</summary>
public sealed class TeamDirectory
{
    readonly Dictionary<string, SocialWorkTeam> _teams;
    readonly Dictionary<string, SocialWorker> _workers;

    public TeamDirectory(IEnumerable<SocialWorkTeam> teams)
    {
        Teams = teams.ToList();
        _teams = Teams.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _workers = Teams.SelectMany(t => t.Workers).ToDictionary(w => w.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<SocialWorkTeam> Teams { get; }

    public SocialWorkTeam? Team(string teamId) => _teams.GetValueOrDefault(teamId);

    public SocialWorker? Worker(string workerId) => _workers.GetValueOrDefault(workerId);

    /// <summary>The team of a worker of <paramref name="localAuthority"/>; null for a worker of another authority or none.</summary>
    public SocialWorkTeam? TeamOf(string localAuthority, string workerId) =>
        Worker(workerId) is { } worker && Team(worker.TeamId) is { } team && team.LocalAuthority == localAuthority ? team : null;

    public IReadOnlyList<SocialWorkTeam> TeamsIn(string localAuthority, string locality) =>
        Teams.Where(t => t.LocalAuthority == localAuthority && t.Locality == locality).ToList();

    public IReadOnlyList<SocialWorkTeam> TeamsOf(string localAuthority) =>
        Teams.Where(t => t.LocalAuthority == localAuthority).ToList();
}
