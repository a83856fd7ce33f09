using Google.Protobuf.Reflection;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// Every method of every service, called by every role and with no token, an expired token and a
/// token from another issuer, against the five running services: the answer must be what the
/// README's access table promises. The table is the specification a reader checks the services'
/// Grpc/Access.cs against; this test checks the running services against the table.
/// </summary>
public sealed class AuthorizationMatrixTests(Pipeline pipeline) : IClassFixture<Pipeline>
{
    static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);
    static readonly Role[] People = ReadmeAccessTable.People;

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The services as the README's table names them, with their contracts.</summary>
    static readonly (string Name, ServiceDescriptor Descriptor)[] Contracts =
    [
        ("intake", Mash.Contracts.Intake.V1.IntakeReflection.Descriptor.Services.Single()),
        ("thresholds", Mash.Contracts.Thresholds.V1.ThresholdsReflection.Descriptor.Services.Single()),
        ("early help", Mash.Contracts.EarlyHelp.V1.EarlyhelpReflection.Descriptor.Services.Single()),
        ("allocation", Mash.Contracts.Allocation.V1.AllocationReflection.Descriptor.Services.Single()),
        ("audit", Mash.Contracts.Audit.V1.AuditReflection.Descriptor.Services.Single()),
    ];

    ServiceProcess Process(string name) => name switch
    {
        "intake" => pipeline.Intake,
        "thresholds" => pipeline.Thresholds,
        "early help" => pipeline.EarlyHelp,
        "allocation" => pipeline.Allocation,
        _ => pipeline.Audit,
    };

    [Fact]
    public void The_readme_table_lists_every_method_of_every_service_once()
    {
        var table = ReadmeTable();
        var methods = Contracts.SelectMany(c => c.Descriptor.Methods.Select(m => (c.Name, m.Name))).ToList();

        Assert.Equal(methods.Order(), table.Keys.Order());
    }

    [Fact]
    public async Task Each_role_gets_exactly_what_the_readme_table_allows()
    {
        var table = ReadmeTable();
        var wrong = new List<string>();
        foreach (var (name, service) in Contracts)
            foreach (var method in service.Methods)
                foreach (var role in People)
                {
                    var token = DevTokens.Mint(TestIdentity.SigningKey, role, role == Role.Partner ? "wmp" : "", TestIdentity.Authority);
                    var (code, message) = await CallAsync(Process(name), method, token);
                    var allowed = table[(name, method.Name)].Contains(role);
                    var refusedByAccess = code == StatusCode.PermissionDenied && ReadmeAccessTable.AccessRefusal().IsMatch(message);
                    if (allowed && (code == StatusCode.Unauthenticated || refusedByAccess))
                        wrong.Add($"{name} {method.Name} as {role}: {code} ({message}), the table allows it");
                    if (!allowed && code != StatusCode.PermissionDenied)
                        wrong.Add($"{name} {method.Name} as {role}: {code}, the table says PERMISSION_DENIED");
                }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task No_token_an_expired_token_and_another_issuers_token_are_unauthenticated_everywhere()
    {
        string?[] tokens =
        [
            null,
            DevTokens.Mint(TestIdentity.SigningKey, Role.Manager, authority: TestIdentity.Authority, lifetime: TimeSpan.FromHours(1), now: DateTime.UtcNow.AddHours(-2)),
            DevTokens.Mint(DevTokens.NewSigningKey(), Role.Manager, authority: TestIdentity.Authority, issuer: "https://issuer.example.invalid"),
        ];
        var wrong = new List<string>();
        foreach (var (name, service) in Contracts)
            foreach (var method in service.Methods)
                for (var i = 0; i < tokens.Length; i++)
                {
                    var (code, _) = await CallAsync(Process(name), method, tokens[i]);
                    if (code != StatusCode.Unauthenticated)
                        wrong.Add($"{name} {method.Name} with {(i == 0 ? "no token" : i == 1 ? "an expired token" : "another issuer's token")}: {code}");
                }
        Assert.Empty(wrong);
    }

    /// <summary>Calls with an empty request: access is decided before the request is looked at.</summary>
    async Task<(StatusCode Code, string Message)> CallAsync(ServiceProcess process, MethodDescriptor method, string? token)
    {
        var invoker = token is null ? process.Channel.CreateCallInvoker() : process.Channel.WithBearerToken(token);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20), cancellationToken: Cancel);
        try
        {
            if (method.IsServerStreaming)
            {
                using var call = invoker.AsyncServerStreamingCall(new Method<byte[], byte[]>(MethodType.ServerStreaming, method.Service.FullName, method.Name, Bytes, Bytes), null, options, []);
                while (await call.ResponseStream.MoveNext(Cancel)) { }
            }
            else
            {
                await invoker.AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes), null, options, []);
            }
            return (StatusCode.OK, "");
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }

    static Dictionary<(string Service, string Method), Role[]> ReadmeTable() => ReadmeAccessTable.Read();
}
