namespace Mash.Audit.Checkpoints;

/// <summary>The <c>Audit:Checkpoints</c> configuration section.</summary>
public sealed class CheckpointOptions
{
    public const string Section = "Audit:Checkpoints";

    /// <summary>
    /// Where the signed checkpoints are kept, one file per authority: a directory the service may
    /// write and the database (and whoever owns it) may not. Unset: no checkpoints (refused in Production).
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>The PEM private key (ECDSA P-256) checkpoints are signed with; never given to the database.</summary>
    public string PrivateKeyFile { get; set; } = "";

    /// <summary>The PEM public key checkpoints are verified with; unset, the private key's public half.</summary>
    public string PublicKeyFile { get; set; } = "";

    /// <summary>How often the head is signed when the trail has moved: the longest stretch of newest entries no checkpoint covers yet.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign sooner once this many entries were appended since the last round (0: on the interval only).</summary>
    public int AfterEntries { get; set; } = 1000;

    public bool Enabled => Directory.Length > 0;

    /// <summary>This instance signs checkpoints (one given only the public key checks them).</summary>
    public bool Writes => Enabled && PrivateKeyFile.Length > 0;

    /// <summary>Why the service may not start with these settings (none: it may).</summary>
    public IReadOnlyList<string> Refusals(bool production)
    {
        const string DirectorySetting = "Audit__Checkpoints__Directory", PrivateKey = "Audit__Checkpoints__PrivateKeyFile";
        var refusals = new List<string>();
        if (production && !Writes)
            refusals.Add($"Production needs {DirectorySetting} and {PrivateKey}: the trail's head must be signed where its database cannot write");
        if (!Enabled && (PrivateKeyFile.Length > 0 || PublicKeyFile.Length > 0))
            refusals.Add($"A checkpoint key is given but no {DirectorySetting} to keep checkpoints in");
        if (Enabled && PrivateKeyFile.Length == 0 && PublicKeyFile.Length == 0)
            refusals.Add($"{DirectorySetting} is given but no key: set {PrivateKey} (or Audit__Checkpoints__PublicKeyFile to check only)");
        if (Interval <= TimeSpan.Zero) refusals.Add("Audit__Checkpoints__Interval must be positive");
        if (AfterEntries < 0) refusals.Add("Audit__Checkpoints__AfterEntries must not be negative");
        return refusals;
    }
}
