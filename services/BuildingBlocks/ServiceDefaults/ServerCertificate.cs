using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace Mash.BuildingBlocks.ServiceDefaults;

/// <summary>
/// The certificate a service presents when it serves gRPC over TLS: PEM files named by
/// Mash:Tls:CertificateFile and Mash:Tls:KeyFile (docker-compose.yml mounts the development ones
/// `deploy/mash certs` makes). Without them the service speaks plaintext HTTP/2, which it only
/// does on loopback unless Mash:ListenAnyIp says otherwise.
/// </summary>
public static class ServerCertificate
{
    public static X509Certificate2? Load(IConfiguration configuration)
    {
        var certificateFile = configuration["Mash:Tls:CertificateFile"];
        var keyFile = configuration["Mash:Tls:KeyFile"];
        if (string.IsNullOrEmpty(certificateFile) && string.IsNullOrEmpty(keyFile)) return null;
        if (string.IsNullOrEmpty(certificateFile) || string.IsNullOrEmpty(keyFile))
            throw new InvalidOperationException("TLS needs both Mash:Tls:CertificateFile and Mash:Tls:KeyFile (PEM), or neither.");
        foreach (var (setting, file) in new[] { ("Mash:Tls:CertificateFile", certificateFile), ("Mash:Tls:KeyFile", keyFile) })
            if (!File.Exists(file))
                throw new InvalidOperationException($"{setting} names {file}, which does not exist (deploy/mash certs makes development certificates).");
        return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
    }
}
