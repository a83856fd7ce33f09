using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>
/// Trust in one certificate authority only (a private CA, such as the development one
/// `deploy/mash certs` makes), instead of the system's: for a client that checks the server it
/// connects to.
/// </summary>
public static class CertificateAuthority
{
    /// <summary>
    /// A server certificate is accepted when it names the host it was reached by and chains to
    /// <paramref name="authority"/>; revocation is not checked (a private CA publishes no list).
    /// </summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 authority) => (_, certificate, _, errors) =>
    {
        // A chain error is expected (the system does not know the CA) and decided below; a wrong name or none is not.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    };

    public static RemoteCertificateValidationCallback TrustOnly(string pemFile) =>
        TrustOnly(X509CertificateLoader.LoadCertificateFromFile(pemFile));
}
