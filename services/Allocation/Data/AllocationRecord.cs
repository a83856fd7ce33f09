namespace Mash.Allocation.Data;

/// <summary>A child's statutory case: where it is placed, where it stands, and what has been recorded on it.</summary>
public sealed class AllocationRecord
{
    public Guid Id { get; init; }
    public Guid ChildId { get; init; }
    public Guid ContactId { get; init; }

    /// <summary>The contact id: the children of one contact share a worker.</summary>
    public required string SiblingGroupId { get; init; }
    public required string LocalAuthority { get; init; }
    public string Locality { get; set; } = "";
    public string TeamId { get; set; } = "";

    /// <summary>Empty while queued.</summary>
    public string WorkerId { get; set; } = "";

    /// <summary>mash.common.v1.Pathway: CIN or CP, and it can change (a strategy discussion, an assessment).</summary>
    public int Pathway { get; set; }

    /// <summary>mash.allocation.v1.AllocationStatus.</summary>
    public int Status { get; set; }

    /// <summary>mash.common.v1.QueueReason while queued.</summary>
    public int QueueReason { get; set; }
    public required string DecisionId { get; set; }
    public DateTimeOffset RoutedAt { get; set; }
    public DateTimeOffset? AllocatedAt { get; set; }

    /// <summary>When the case closed or was stepped down.</summary>
    public DateTimeOffset? EndedAt { get; set; }
    public string StepDownEpisodeId { get; set; } = "";

    /// <summary>mash.events.v1.ChildRouted bytes of the routing in force.</summary>
    public required byte[] Routed { get; set; }

    /// <summary>mash.allocation.v1.Allocation bytes holding only what was recorded on the case.</summary>
    public required byte[] Record { get; set; }

    public List<ClockRecord> Clocks { get; init; } = [];
}

/// <summary>A statutory clock of a case; its state is worked out when read.</summary>
public sealed class ClockRecord
{
    public Guid Id { get; init; }
    public Guid AllocationId { get; init; }

    /// <summary>mash.common.v1.ClockKind.</summary>
    public int Kind { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? StoppedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
}
