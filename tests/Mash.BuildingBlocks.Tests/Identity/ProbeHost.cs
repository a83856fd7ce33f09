using Grpc.Core;
using Grpc.Net.Client;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.BuildingBlocks.Tests.Identity.Probes;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using static Mash.Contracts.Common.V1.Role;

namespace Mash.BuildingBlocks.Tests.Identity;

/// <summary>
/// A service wired exactly as the Mash services are (AddServiceDefaults, AddMashIdentity,
/// RequireAuthorization, MapDefaultEndpoints), in process on a loopback port, serving the probe
/// contract: every call type, a method in no table, and a service mapped without RequireAuthorization.
/// </summary>
public sealed class ProbeHost : IAsyncLifetime
{
    /// <summary>Screeners may call the four call types and the sidecar; Unlisted is in no row.</summary>
    public static readonly MethodAccess Table = new(Probe.Descriptor.FullName, new Dictionary<string, Role[]>
    {
        ["Unary"] = [Screener],
        ["ServerStream"] = [Screener],
        ["ClientStream"] = [Screener],
        ["Duplex"] = [Screener],
    });

    public static readonly MethodAccess SidecarTable = new(Sidecar.Descriptor.FullName, new Dictionary<string, Role[]> { ["Echo"] = [Screener] });

    readonly TestPort _port = TestPort.Reserve();
    WebApplication? _app;

    public GrpcChannel Channel { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.Configuration["Mash:GrpcPort"] = _port.Number.ToString();
        builder.Configuration["Auth:SigningKey"] = TestIdentity.SigningKey;
        builder.AddServiceDefaults("probe", defaultPort: _port.Number);
        builder.AddMashIdentity(Table);
        builder.Services.AddSingleton(SidecarTable);
        _app = builder.Build();
        _app.UseMashIdentity();
        _app.MapGrpcService<ProbeService>().RequireAuthorization();
        _app.MapGrpcService<SidecarService>();
        _app.MapDefaultEndpoints();
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{_port.Number}");
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        _port.Dispose();
    }

    sealed class ProbeService : Probe.ProbeBase
    {
        public override Task<Ping> Unary(Ping request, ServerCallContext context) => Task.FromResult(request);

        public override async Task ServerStream(Ping request, IServerStreamWriter<Ping> responseStream, ServerCallContext context) =>
            await responseStream.WriteAsync(request);

        public override async Task<Ping> ClientStream(IAsyncStreamReader<Ping> requestStream, ServerCallContext context)
        {
            var last = new Ping();
            await foreach (var ping in requestStream.ReadAllAsync()) last = ping;
            return last;
        }

        public override async Task Duplex(IAsyncStreamReader<Ping> requestStream, IServerStreamWriter<Ping> responseStream, ServerCallContext context)
        {
            await foreach (var ping in requestStream.ReadAllAsync()) await responseStream.WriteAsync(ping);
        }

        public override Task<Ping> Unlisted(Ping request, ServerCallContext context) => Task.FromResult(request);
    }

    sealed class SidecarService : Sidecar.SidecarBase
    {
        public override Task<Ping> Echo(Ping request, ServerCallContext context) => Task.FromResult(request);
    }
}
