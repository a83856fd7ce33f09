using System.Security.Cryptography;
using Mash.Audit.Checkpoints;
using Mash.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Mash.Audit.Tests.Checkpoints;

/// <summary>The start-up rules of checkpoints, on a host built as audit's Program builds it.</summary>
public sealed class CheckpointStartTests : IDisposable
{
    readonly TrailCheckpointKey _key = new();

    static HostApplicationBuilder Builder(string environment, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }

    (string, string) Directory => ("Audit:Checkpoints:Directory", _key.Directory);

    (string, string) PrivateKey => ("Audit:Checkpoints:PrivateKeyFile", _key.PrivateKeyFile);

    [Fact]
    public void Production_refuses_to_start_without_a_directory_and_a_private_key()
    {
        foreach (var builder in new[] { Builder("Production"), Builder("Production", Directory), Builder("Production", PrivateKey) })
        {
            var refused = Assert.Throws<InvalidOperationException>(() => builder.AddTrailCheckpoints());
            Assert.Contains("Production needs Audit__Checkpoints__Directory and Audit__Checkpoints__PrivateKeyFile", refused.Message);
        }
    }

    [Fact]
    public void Production_starts_with_both_and_signs()
    {
        var builder = Builder("Production", Directory, PrivateKey);
        builder.AddTrailCheckpoints();
        using var host = builder.Build();
        host.Services.LoadCheckpointKeys();
        Assert.Contains(builder.Services, s => s.ServiceType == typeof(IHostedService) && s.ImplementationType == typeof(CheckpointWriter));
    }

    [Fact]
    public void Development_may_go_without_checkpoints_and_then_writes_none()
    {
        var builder = Builder("Development");
        builder.AddTrailCheckpoints();
        using var host = builder.Build();
        host.Services.LoadCheckpointKeys();
        Assert.DoesNotContain(builder.Services, s => s.ImplementationType == typeof(CheckpointWriter));
    }

    [Fact]
    public void Half_a_setting_is_refused_in_any_environment()
    {
        Assert.Contains("no key", Assert.Throws<InvalidOperationException>(() => Builder("Development", Directory).AddTrailCheckpoints()).Message);
        Assert.Contains("no Audit__Checkpoints__Directory",
            Assert.Throws<InvalidOperationException>(() => Builder("Development", PrivateKey).AddTrailCheckpoints()).Message);
    }

    [Fact]
    public void A_key_file_that_is_missing_or_not_a_P256_private_key_stops_the_start()
    {
        var missing = Path.Combine(_key.Folder, "missing.pem");
        var p384 = Path.Combine(_key.Folder, "p384.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP384)) File.WriteAllText(p384, key.ExportPkcs8PrivateKeyPem());
        var publicOnly = Path.Combine(_key.Folder, "public.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256)) File.WriteAllText(publicOnly, key.ExportSubjectPublicKeyInfoPem());

        foreach (var (file, says) in new[] { (missing, "does not exist"), (p384, "P-256"), (publicOnly, "holds no private key") })
        {
            var builder = Builder("Development", Directory, ("Audit:Checkpoints:PrivateKeyFile", file));
            builder.AddTrailCheckpoints();
            using var host = builder.Build();
            var refused = Assert.Throws<InvalidOperationException>(host.Services.LoadCheckpointKeys);
            Assert.Contains(file, refused.Message);
            Assert.Contains(says, refused.Message);
        }
    }

    [Fact]
    public void A_public_key_that_is_not_the_private_keys_half_stops_the_start()
    {
        var other = Path.Combine(_key.Folder, "other.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256)) File.WriteAllText(other, key.ExportSubjectPublicKeyInfoPem());
        var builder = Builder("Development", Directory, PrivateKey, ("Audit:Checkpoints:PublicKeyFile", other));
        builder.AddTrailCheckpoints();
        using var host = builder.Build();
        Assert.Contains("not the public half", Assert.Throws<InvalidOperationException>(host.Services.LoadCheckpointKeys).Message);
    }

    public void Dispose() => _key.Dispose();
}
