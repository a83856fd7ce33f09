using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Tests.Identity.Probes;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace Mash.BuildingBlocks.Tests.Identity;

/// <summary>
/// Access is decided by ASP.NET Core authorization from the endpoint's gRPC metadata, before the
/// call reaches its handler: the same answer for every call type and for any spelling of the path
/// that routing sends to the method, and the same for a service mapped without RequireAuthorization.
/// </summary>
public sealed class MethodAccessTests(ProbeHost host) : IClassFixture<ProbeHost>
{
    static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    static readonly byte[] Hello = new Ping { Text = "hello" }.ToByteArray();

    static readonly string Screener = TestIdentity.Token(Role.Screener);
    static readonly string Partner = TestIdentity.Token(Role.Partner, "wmp");

    public static TheoryData<MethodType, string> CallTypes => new()
    {
        { MethodType.Unary, "Unary" },
        { MethodType.ServerStreaming, "ServerStream" },
        { MethodType.ClientStreaming, "ClientStream" },
        { MethodType.DuplexStreaming, "Duplex" },
    };

    [Theory]
    [MemberData(nameof(CallTypes))]
    public async Task Every_call_type_needs_a_token_and_a_role_the_table_admits(MethodType type, string method)
    {
        var service = Probe.Descriptor.FullName;

        Assert.Equal(StatusCode.OK, (await CallAsync(type, service, method, Screener)).Code);
        Assert.Equal(StatusCode.Unauthenticated, (await CallAsync(type, service, method, token: null)).Code);

        var (code, detail, status) = await CallAsync(type, service, method, Partner);
        Assert.Equal((StatusCode.PermissionDenied, $"A partner may not call {method}"), (code, detail));
        // The rich error model, as every other refusal: a google.rpc.Status with the same code and message.
        Assert.Equal(((int)StatusCode.PermissionDenied, detail), (status?.Code, status?.Message));
    }

    [Theory]
    [MemberData(nameof(CallTypes))]
    public async Task A_re_cased_path_is_the_same_method_with_the_same_answers(MethodType type, string method)
    {
        // Routing matches paths ignoring case, so these reach the real handler: access must follow.
        foreach (var (service, name) in new[] { ("MASH.PROBE.V1.PROBE", method.ToUpperInvariant()), ("Mash.probe.v1.probe", method.ToLowerInvariant()) })
        {
            Assert.Equal(StatusCode.Unauthenticated, (await CallAsync(type, service, name, token: null)).Code);
            Assert.Equal((StatusCode.PermissionDenied, $"A partner may not call {method}"), Pick(await CallAsync(type, service, name, Partner)));
            Assert.Equal(StatusCode.OK, (await CallAsync(type, service, name, Screener)).Code);
        }
    }

    [Fact]
    public async Task A_method_in_no_row_is_refused_to_everyone()
    {
        Assert.Equal((StatusCode.PermissionDenied, "A screener may not call Unlisted"), Pick(await CallAsync(MethodType.Unary, Probe.Descriptor.FullName, "Unlisted", Screener)));
        Assert.Equal(StatusCode.Unauthenticated, (await CallAsync(MethodType.Unary, Probe.Descriptor.FullName, "Unlisted", token: null)).Code);
    }

    [Fact]
    public async Task A_service_mapped_without_RequireAuthorization_is_guarded_by_the_fallback_policy()
    {
        var service = Sidecar.Descriptor.FullName;
        Assert.Equal(StatusCode.OK, (await CallAsync(MethodType.Unary, service, "Echo", Screener)).Code);
        Assert.Equal(StatusCode.Unauthenticated, (await CallAsync(MethodType.Unary, service, "Echo", token: null)).Code);
        Assert.Equal((StatusCode.PermissionDenied, "A partner may not call Echo"), Pick(await CallAsync(MethodType.Unary, service, "Echo", Partner)));
    }

    [Fact]
    public async Task Unknown_services_and_methods_are_refused_before_anything_runs()
    {
        Assert.Equal(StatusCode.Unauthenticated, (await CallAsync(MethodType.Unary, "mash.nothing.v1.Nothing", "Call", token: null)).Code);
        Assert.Equal(StatusCode.PermissionDenied, (await CallAsync(MethodType.Unary, "mash.nothing.v1.Nothing", "Call", Screener)).Code);
        Assert.Equal(StatusCode.PermissionDenied, (await CallAsync(MethodType.Unary, Probe.Descriptor.FullName, "Missing", Screener)).Code);
    }

    [Fact]
    public async Task Health_answers_without_a_token()
    {
        var reply = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public void Outside_Development_the_development_signing_key_is_refused_at_start()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Configuration["Auth:SigningKey"] = TestIdentity.SigningKey;

        var refused = Assert.Throws<InvalidOperationException>(() => builder.AddMashIdentity(ProbeHost.Table));
        Assert.Contains("Development only", refused.Message);
    }

    static (StatusCode, string) Pick((StatusCode Code, string Detail, Google.Rpc.Status? Status) result) => (result.Code, result.Detail);

    /// <summary>One call of <paramref name="type"/> to "/<paramref name="service"/>/<paramref name="method"/>", spelled as given.</summary>
    async Task<(StatusCode Code, string Detail, Google.Rpc.Status? Status)> CallAsync(MethodType type, string service, string method, string? token)
    {
        var invoker = host.Channel.WithBearerToken(token);
        var call = new Method<byte[], byte[]>(type, service, method, Bytes, Bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        try
        {
            switch (type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(call, null, options, Hello);
                    break;
                case MethodType.ServerStreaming:
                    using (var streaming = invoker.AsyncServerStreamingCall(call, null, options, Hello))
                        while (await streaming.ResponseStream.MoveNext(options.CancellationToken)) { }
                    break;
                case MethodType.ClientStreaming:
                    using (var uploading = invoker.AsyncClientStreamingCall(call, null, options))
                    {
                        await SendAsync(uploading.RequestStream, options.CancellationToken);
                        await uploading;
                    }
                    break;
                default:
                    using (var duplex = invoker.AsyncDuplexStreamingCall(call, null, options))
                    {
                        await SendAsync(duplex.RequestStream, options.CancellationToken);
                        while (await duplex.ResponseStream.MoveNext(options.CancellationToken)) { }
                    }
                    break;
            }
            return (StatusCode.OK, "", null);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail, e.GetRpcStatus());
        }
    }

    /// <summary>
    /// Sends one message and ends the stream. A refused call is answered (trailers only) at once,
    /// and the write can lose the race with that answer and fail with a bare cancellation: the
    /// server's verdict is the call's status, read by awaiting the response, as a client must.
    /// </summary>
    static async Task SendAsync(IClientStreamWriter<byte[]> requests, CancellationToken cancellationToken)
    {
        try
        {
            await requests.WriteAsync(Hello, cancellationToken);
            await requests.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException) { }
    }
}
