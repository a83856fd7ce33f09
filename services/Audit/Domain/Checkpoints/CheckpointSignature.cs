using System.Security.Cryptography;

namespace Mash.Audit.Domain.Checkpoints;

/// <summary>
/// Checkpoints are signed with ECDSA on P-256 over SHA-256 (FIPS 186-5), the signature as r || s
/// (IEEE P1363, 64 bytes): built into .NET on every platform, and openssl makes the keys. The key
/// is asymmetric so that whoever checks a checkpoint needs only the public half, and the private
/// half can live where neither the database nor its owner reach it.
/// </summary>
public static class CheckpointSignature
{
    const string P256 = "1.2.840.10045.3.1.7";

    const DSASignatureFormat Format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation;

    public static SignedCheckpoint Sign(ECDsa privateKey, Checkpoint checkpoint) =>
        new(checkpoint, privateKey.SignData(CheckpointFormat.SignedBytes(checkpoint), HashAlgorithmName.SHA256, Format));

    public static bool Verifies(ECDsa publicKey, SignedCheckpoint signed) =>
        publicKey.VerifyData(CheckpointFormat.SignedBytes(signed.Checkpoint), signed.Signature, HashAlgorithmName.SHA256, Format);

    /// <summary>A P-256 key from PEM (PKCS#8 or SEC1 private key, or SubjectPublicKeyInfo public key).</summary>
    /// <exception cref="ArgumentException">Not a PEM key, or not on P-256.</exception>
    public static ECDsa Load(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.ExportParameters(false).Curve.Oid.Value != P256)
                throw new ArgumentException("the key is not on the P-256 curve (prime256v1)");
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
