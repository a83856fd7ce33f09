using System.Security.Cryptography;
using Mash.Audit.Domain.Checkpoints;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public sealed class CheckpointSignatureTests
{
    static readonly string PrivatePem = NewKey();

    static string NewKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKeyPem();
    }

    static string PublicPem(string privatePem)
    {
        using var key = CheckpointSignature.Load(privatePem);
        return key.ExportSubjectPublicKeyInfoPem();
    }

    static SignedCheckpoint Signed(Checkpoint checkpoint, string pem = "")
    {
        using var key = CheckpointSignature.Load(pem.Length > 0 ? pem : PrivatePem);
        return CheckpointSignature.Sign(key, checkpoint);
    }

    static bool Verifies(SignedCheckpoint signed, string publicPem = "")
    {
        using var key = CheckpointSignature.Load(publicPem.Length > 0 ? publicPem : PublicPem(PrivatePem));
        return CheckpointSignature.Verifies(key, signed);
    }

    [Fact]
    public void A_signed_checkpoint_verifies_with_the_public_key_alone_after_a_round_trip_through_its_file()
    {
        var signed = Signed(CheckpointFormatTests.Sample);
        Assert.Equal(64, signed.Signature.Length); // r || s on P-256
        Assert.True(Verifies(CheckpointFormat.Decode(CheckpointFormat.Encode(signed))));
    }

    [Fact]
    public void A_checkpoint_changed_after_signing_does_not_verify()
    {
        var signed = Signed(CheckpointFormatTests.Sample);
        var c = signed.Checkpoint;
        Checkpoint[] changed =
        [
            c with { LocalAuthority = "wolverhampton" },
            c with { WrittenAt = c.WrittenAt.AddSeconds(1) },
            c with { Chain = c.Chain with { Sequence = c.Chain.Sequence - 3 } },
            c with { Chain = c.Chain with { Hash = new byte[32] } },
            c with { Newest = c.Newest with { Sequence = 5 } },
        ];
        Assert.All(changed, x => Assert.False(Verifies(signed with { Checkpoint = x })));
        var flipped = (byte[])signed.Signature.Clone();
        flipped[10] ^= 1;
        Assert.False(Verifies(signed with { Signature = flipped }));
        Assert.False(Verifies(signed with { Signature = [] }));
    }

    [Fact]
    public void A_checkpoint_signed_with_another_key_does_not_verify() =>
        Assert.False(Verifies(Signed(CheckpointFormatTests.Sample, NewKey())));

    [Fact]
    public void A_key_made_by_openssl_in_SEC1_form_loads()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = Signed(CheckpointFormatTests.Sample, key.ExportECPrivateKeyPem());
        Assert.True(Verifies(signed, key.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void Only_a_PEM_key_on_P256_is_taken()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => CheckpointSignature.Load(p384.ExportPkcs8PrivateKeyPem()));
        Assert.Throws<ArgumentException>(() => CheckpointSignature.Load("not a key"));
        using var rsa = RSA.Create(2048);
        Assert.ThrowsAny<Exception>(() => CheckpointSignature.Load(rsa.ExportPkcs8PrivateKeyPem()));
    }
}
