using System.Security.Cryptography;
using Mash.Audit.Domain.Checkpoints;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Checkpoints;

/// <summary>
/// The checkpoint keys, read from their files once, at start (none when checkpoints are off). An
/// ECDsa object is not safe to share between threads, so each signature and verification imports
/// the key afresh (microseconds).
/// </summary>
public sealed class CheckpointKeys
{
    readonly string? _privatePem;
    readonly string? _publicPem;

    const string PrivateSetting = "Audit__Checkpoints__PrivateKeyFile", PublicSetting = "Audit__Checkpoints__PublicKeyFile";

    public CheckpointKeys(IOptions<CheckpointOptions> options)
    {
        var o = options.Value;
        if (!o.Enabled) return;
        string? derived = null;
        if (o.PrivateKeyFile.Length > 0)
        {
            _privatePem = Read(o.PrivateKeyFile, PrivateSetting);
            using var key = Load(_privatePem, o.PrivateKeyFile, PrivateSetting);
            // A public key alone imports too; it cannot sign.
            try { key.ExportParameters(includePrivateParameters: true); }
            catch (CryptographicException) { throw new InvalidOperationException($"{o.PrivateKeyFile} ({PrivateSetting}) holds no private key"); }
            derived = key.ExportSubjectPublicKeyInfoPem();
        }
        if (o.PublicKeyFile.Length > 0)
        {
            using var key = Load(Read(o.PublicKeyFile, PublicSetting), o.PublicKeyFile, PublicSetting);
            _publicPem = key.ExportSubjectPublicKeyInfoPem();
            if (derived is not null && derived != _publicPem)
                throw new InvalidOperationException($"{PublicSetting} is not the public half of {PrivateSetting}");
        }
        _publicPem ??= derived ?? throw new InvalidOperationException($"Checkpoints need {PrivateSetting} or {PublicSetting}");
    }

    public SignedCheckpoint Sign(Checkpoint checkpoint)
    {
        using var key = CheckpointSignature.Load(_privatePem ?? throw new InvalidOperationException("This instance has no checkpoint private key"));
        return CheckpointSignature.Sign(key, checkpoint);
    }

    public bool Verifies(SignedCheckpoint signed)
    {
        using var key = CheckpointSignature.Load(_publicPem ?? throw new InvalidOperationException("Checkpoints are not configured"));
        return CheckpointSignature.Verifies(key, signed);
    }

    static string Read(string file, string setting) => File.Exists(file)
        ? File.ReadAllText(file)
        : throw new InvalidOperationException($"The checkpoint key {file} ({setting}) does not exist");

    static ECDsa Load(string pem, string file, string setting)
    {
        try { return CheckpointSignature.Load(pem); }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"{file} ({setting}) is not a PEM ECDSA P-256 key: {ex.Message}", ex);
        }
    }
}
