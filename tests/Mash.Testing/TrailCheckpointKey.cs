using System.Security.Cryptography;

namespace Mash.Testing;

/// <summary>
/// A checkpoint key and directory for one audit process, as deploy/mash gives it: a P-256 key made
/// for this test run in a folder of its own, which the test may read and tamper with.
/// </summary>
public sealed class TrailCheckpointKey : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"mash-checkpoints-{Guid.NewGuid():N}");

    public string Directory => Path.Combine(Folder, "checkpoints");

    public string PrivateKeyFile => Path.Combine(Folder, "checkpoint-key.pem");

    /// <summary>The key's PEM, for a test that signs a checkpoint itself.</summary>
    public string PrivateKeyPem { get; }

    public TrailCheckpointKey()
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        PrivateKeyPem = key.ExportPkcs8PrivateKeyPem();
        File.WriteAllText(PrivateKeyFile, PrivateKeyPem);
    }

    /// <summary>Audit's settings: sign into <see cref="Directory"/> with this key, every <paramref name="interval"/>.</summary>
    public IDictionary<string, string> Settings(TimeSpan interval) => new Dictionary<string, string>
    {
        ["Audit__Checkpoints__Directory"] = Directory,
        ["Audit__Checkpoints__PrivateKeyFile"] = PrivateKeyFile,
        ["Audit__Checkpoints__Interval"] = interval.ToString("c"),
    };

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Folder)) System.IO.Directory.Delete(Folder, recursive: true);
    }
}
