using System.Security.Cryptography;
using Google.Protobuf;
using Mash.Contracts.EarlyHelp.V1;
using Mash.EarlyHelp.Domain;

namespace Mash.EarlyHelp.Data;

/// <summary>
/// An episode row: the mash.earlyhelp.v1.Episode as it stands, and columns derived from it for
/// queries. <see cref="Store"/> is the only way the message is written, so the two never disagree.
/// </summary>
public sealed class EpisodeRecord
{
    public Guid Id { get; init; }
    public string LocalAuthority { get; set; } = "";
    public string Locality { get; set; } = "";
    public int Status { get; set; }
    public string SiblingGroupId { get; init; } = "";
    public string ContactId { get; set; } = "";
    public string LeadProfessionalId { get; set; } = "";
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset AtRiskAt { get; set; }
    public int ClockState { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public byte[] Episode { get; set; } = [];
    public byte[]? StepUpRequest { get; set; }

    /// <summary>Step-ups made so far; the next one's idempotency key in intake carries it.</summary>
    public int StepUps { get; set; }

    public List<EpisodeChildRecord> Children { get; init; } = [];

    public Episode Message() => Contracts.EarlyHelp.V1.Episode.Parser.ParseFrom(Episode);

    /// <summary>
    /// The episode as a read shows it: with the digest of a step-up contact on its way to intake,
    /// which intake compares with the contact it is given (never stored in the message bytes).
    /// </summary>
    public Episode View()
    {
        var episode = Message();
        if (StepUpRequest is { } pending) episode.PendingStepUpSha256 = Convert.ToHexStringLower(SHA256.HashData(pending));
        return episode;
    }

    public void Store(Episode episode)
    {
        Episode = episode.ToByteArray();
        LocalAuthority = episode.LocalAuthority;
        Locality = episode.Locality;
        Status = (int)episode.Status;
        ContactId = episode.ContactId;
        LeadProfessionalId = episode.LeadProfessional?.LeadProfessional?.LeadProfessionalId ?? "";
        OpenedAt = episode.OpenedAt.ToDateTimeOffset();
        DueAt = episode.LeadProfessionalClock.DueAt.ToDateTimeOffset();
        AtRiskAt = LeadProfessionalClock.AtRiskAt(episode.LeadProfessionalClock);
        ClockState = (int)episode.LeadProfessionalClock.State;
        ClosedAt = episode.ClosedAt?.ToDateTimeOffset();

        var open = episode.Status != EpisodeStatus.Closed;
        foreach (var child in episode.Children)
        {
            var id = Guid.Parse(child.ChildId);
            if (Children.FirstOrDefault(c => c.ChildId == id) is { } row) row.Open = open;
            else Children.Add(new EpisodeChildRecord { EpisodeId = Id, ChildId = id, Open = open });
        }
    }
}

/// <summary>A child of an episode; open while the episode is (one open episode per child).</summary>
public sealed class EpisodeChildRecord
{
    public Guid EpisodeId { get; init; }
    public Guid ChildId { get; init; }
    public bool Open { get; set; }
}
