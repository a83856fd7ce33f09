namespace Mash.Intake.Data;

/// <summary>A stored contact: the submitted request as protobuf bytes, and its keys.</summary>
public sealed class ContactRecord
{
    public Guid Id { get; init; }
    public required string Agency { get; init; }
    public required string IdempotencyKey { get; init; }

    /// <summary>SHA-256 of the request: a retry with the same key must carry the same payload.</summary>
    public required byte[] RequestHash { get; init; }

    public required string LocalAuthority { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
    public required byte[] Request { get; init; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public string WithdrawalReason { get; set; } = "";
    public List<ContactChildRecord> Children { get; init; } = [];
    public List<ContactAddition> Additions { get; init; } = [];
}

/// <summary>Information added to a contact after submission (mash.intake.v1.AddedInformation bytes).</summary>
public sealed class ContactAddition
{
    public Guid Id { get; init; }
    public Guid ContactId { get; init; }
    public DateTimeOffset AddedAt { get; init; }
    public required byte[] Information { get; init; }
}

/// <summary>One child of a contact: who the child is (for matching) and where the child stands now.</summary>
public sealed class ContactChildRecord
{
    /// <summary>This row's own id.</summary>
    public Guid Id { get; init; }
    public Guid ContactId { get; init; }
    public int ChildIndex { get; init; }

    /// <summary>The child's id, the same in every contact about the child.</summary>
    public Guid ChildId { get; init; }

    public int Status { get; set; }

    public string NhsNumber { get; init; } = "";

    /// <summary>Null on rows stored before given names were part of the match (filled in at start-up).</summary>
    public string? GivenNamesKey { get; set; }

    public string FamilyNameKey { get; init; } = "";
    public DateOnly? DateOfBirth { get; init; }
    public string Postcode { get; init; } = "";

    public bool RepeatContact { get; init; }
    public int ContactsInLast12Months { get; init; }
    public bool AlreadyOpen { get; init; }

    public string LocalAuthority { get; set; } = "";
    public string Locality { get; set; } = "";
    public int Rag { get; set; }
    public DateTimeOffset? DecisionDeadline { get; set; }

    /// <summary>The latest recommendation (mash.common.v1.Recommendation bytes).</summary>
    public byte[]? Recommendation { get; set; }

    public int Pathway { get; set; }
    public int NfaReason { get; set; }
    public string ReferrerFeedback { get; set; } = "";

    /// <summary>How the child's early help episode ended (mash.common.v1.EpisodeOutcome), e.g. consent declined.</summary>
    public int EarlyHelpOutcome { get; set; }
}

/// <summary>A child open to one service now (one row per pathway), from ChildRouted until the episode or case closes.</summary>
public sealed class ChildOpening
{
    public Guid ChildId { get; init; }
    public int Pathway { get; init; }
    public DateTimeOffset OpenedAt { get; set; }

    /// <summary>On a child protection row: an initial conference made a child protection plan.</summary>
    public bool OnChildProtectionPlan { get; set; }
}
