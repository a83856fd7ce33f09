using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Mash.BuildingBlocks.ServiceDefaults;
using MassTransit;

namespace Mash.BuildingBlocks.Messaging;

public static class RabbitMqTls
{
    /// <summary>
    /// AMQPS as <paramref name="options"/> say: TLS 1.2 or 1.3, the broker's certificate checked for
    /// its name and chain (to <see cref="RabbitMqOptions.CaFile"/> only, when given), and a client
    /// certificate when one is configured.
    /// </summary>
    public static void UseMashTls(this IRabbitMqSslConfigurator ssl, RabbitMqOptions options)
    {
        ssl.Protocol = SslProtocols.Tls12 | SslProtocols.Tls13;
        ssl.ServerName = options.ServerName.Length > 0 ? options.ServerName : options.Host;
        if (options.CaFile.Length > 0)
            ssl.CertificateValidationCallback = CertificateAuthority.TrustOnly(Existing(options.CaFile, "RabbitMq__CaFile"));
        if (ClientCertificate(options) is { } certificate) ssl.Certificate = certificate;
    }

    /// <summary>The same AMQPS settings for a RabbitMQ.Client connection made beside the bus.</summary>
    public static RabbitMQ.Client.SslOption SslOption(this RabbitMqOptions options)
    {
        if (!options.UseTls) return new RabbitMQ.Client.SslOption { Enabled = false };
        var ssl = new RabbitMQ.Client.SslOption
        {
            Enabled = true,
            Version = SslProtocols.Tls12 | SslProtocols.Tls13,
            ServerName = options.ServerName.Length > 0 ? options.ServerName : options.Host,
        };
        if (options.CaFile.Length > 0)
            ssl.CertificateValidationCallback = CertificateAuthority.TrustOnly(Existing(options.CaFile, "RabbitMq__CaFile"));
        if (ClientCertificate(options) is { } certificate) ssl.Certs = [certificate];
        return ssl;
    }

    static X509Certificate2? ClientCertificate(RabbitMqOptions options)
    {
        if (options.ClientCertificateFile.Length == 0 && options.ClientKeyFile.Length == 0) return null;
        if (options.ClientCertificateFile.Length == 0 || options.ClientKeyFile.Length == 0)
            throw new InvalidOperationException("A client certificate needs both RabbitMq__ClientCertificateFile and RabbitMq__ClientKeyFile (PEM), or neither");
        return X509Certificate2.CreateFromPemFile(
            Existing(options.ClientCertificateFile, "RabbitMq__ClientCertificateFile"), Existing(options.ClientKeyFile, "RabbitMq__ClientKeyFile"));
    }

    static string Existing(string file, string setting) =>
        File.Exists(file) ? file : throw new InvalidOperationException($"{setting} names {file}, which does not exist");
}
