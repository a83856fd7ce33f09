using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// Intake as docker-compose.yml runs it: serving TLS with the certificates deploy/local/dev-certs.sh
/// (`deploy/mash certs`) makes, checked by the same health script the containers use.
/// </summary>
public sealed class TlsIntakeHost : IntakeHost
{
    public string Certificates { get; } = Path.Combine(Path.GetTempPath(), "mash-certs-" + Guid.NewGuid().ToString("N")[..10]);

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Mash__Tls__CertificateFile"] = Path.Combine(Certificates, "server.crt"),
        ["Mash__Tls__KeyFile"] = Path.Combine(Certificates, "server.key"),
    };

    protected override X509Certificate2? TlsAuthority => Authority;

    public X509Certificate2 Authority => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(Certificates, "ca.crt"));

    public override async ValueTask InitializeAsync()
    {
        var (exitCode, output, errors) = await RepositoryScript.RunAsync("deploy/local/dev-certs.sh", [Certificates]);
        if (exitCode != 0) throw new InvalidOperationException($"dev-certs.sh exited with {exitCode}: {output}{errors}");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(Certificates)) Directory.Delete(Certificates, recursive: true);
    }
}

public sealed class TlsTests(TlsIntakeHost host) : IClassFixture<TlsIntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partner_submits_over_tls_to_a_certificate_for_the_compose_names_and_loopback()
    {
        var accepted = await host.ClientAs(Role.Partner, "wmp").SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);
        Assert.False(string.IsNullOrEmpty(accepted.ContactId));

        using var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(host.Certificates, "server.crt"));
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost", "intake", "thresholds", "earlyhelp", "allocation", "audit"], names.EnumerateDnsNames());
        Assert.Equal(["127.0.0.1"], names.EnumerateIPAddresses().Select(a => a.ToString()));
    }

    [Fact]
    public async Task The_containers_health_check_sees_serving_over_tls_with_the_ca_and_nothing_without_it()
    {
        var port = host.Intake.Port.ToString();
        var withCa = await RepositoryScript.RunAsync("deploy/local/grpc-health.sh", [port],
            new Dictionary<string, string> { ["GRPC_HEALTH_CA"] = Path.Combine(host.Certificates, "ca.crt") });
        var plaintext = await RepositoryScript.RunAsync("deploy/local/grpc-health.sh", [port]);

        Assert.Equal((0, "SERVING"), (withCa.ExitCode, withCa.Stdout.Trim()));
        Assert.Equal((2, "UNREACHABLE"), (plaintext.ExitCode, plaintext.Stdout.Trim()));
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_development_ca_or_speaks_plaintext_is_refused()
    {
        using var untrusting = GrpcChannel.ForAddress($"https://localhost:{host.Intake.Port}");
        var refused = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(untrusting).CheckAsync(new HealthCheckRequest(), cancellationToken: Cancel).ResponseAsync);
        // Grpc.Net.Client reports a failed handshake as INTERNAL; the cause is the certificate.
        Assert.Equal(StatusCode.Internal, refused.StatusCode);
        Assert.True(Chain(refused).Any(e => e is AuthenticationException), refused.ToString());

        using var plaintext = GrpcChannel.ForAddress($"http://127.0.0.1:{host.Intake.Port}");
        var unanswered = await Assert.ThrowsAsync<RpcException>(() => new Health.HealthClient(plaintext).CheckAsync(new HealthCheckRequest(), cancellationToken: Cancel).ResponseAsync);
        Assert.NotEqual(StatusCode.OK, unanswered.StatusCode);
    }

    [Fact]
    public async Task The_rest_door_answers_json_over_http_1_1_on_the_same_tls_port()
    {
        // ALPN: the same port that speaks gRPC (h2) above takes a partner's HTTP/1.1 JSON request.
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => TrustedByTheCa(certificate!),
        };
        using var http = new HttpClient(handler)
        {
            BaseAddress = new Uri($"https://localhost:{host.Intake.Port}"),
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/contacts")
        {
            Content = new StringContent(Google.Protobuf.JsonFormatter.Default.Format(SampleContacts.DomesticAbuseSiblings()), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", TestIdentity.Token(Role.Partner, "wmp"));

        using var response = await http.SendAsync(request, Cancel);

        var body = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(System.Net.HttpVersion.Version11, response.Version);
        var accepted = Contracts.Intake.V1.SubmitContactResponse.Parser.ParseJson(body);
        Assert.False(string.IsNullOrEmpty(accepted.ContactId));
    }

    bool TrustedByTheCa(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(host.Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
