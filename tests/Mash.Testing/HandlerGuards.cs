using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Grpc.Core;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Http;

namespace Mash.Testing;

/// <summary>
/// The second check, inside each handler: a service's handlers are called on an instance made
/// without its constructor (no database, no clock, nothing), as every role the method's row does
/// not admit, as each admitted role with its agency or authority claim missing, and with no user.
/// Each must refuse (PERMISSION_DENIED, or UNAUTHENTICATED without a user), which it can only do
/// if checking the caller against its own row is the first thing it does: anything it touched
/// before would be null. Authorization in front of the service is not involved here at all.
/// </summary>
public static class HandlerGuards
{
    static readonly Role[] People = [Role.Partner, Role.Screener, Role.Manager, Role.Auditor];

    /// <summary>Every way <paramref name="service"/>'s handlers fail the rule, one line each (empty when none).</summary>
    public static async Task<List<string>> UnguardedAsync(Type service, MethodAccess table)
    {
        var wrong = new List<string>();
        var contract = (Google.Protobuf.Reflection.ServiceDescriptor)service.BaseType!.DeclaringType!
            .GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        if (contract.FullName != table.Service) wrong.Add($"the table is for {table.Service}, the service implements {contract.FullName}");
        var inContract = contract.Methods.Select(m => m.Name).Order().ToList();
        if (!inContract.SequenceEqual(table.Methods.Keys.Order()))
            wrong.Add($"the table's rows ({string.Join(", ", table.Methods.Keys.Order())}) are not the contract's methods ({string.Join(", ", inContract)})");

        var instance = RuntimeHelpers.GetUninitializedObject(service);
        foreach (var name in inContract)
        {
            var handler = service.GetMethod(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            if (handler is null) { wrong.Add($"{name} has no handler"); continue; }
            foreach (var role in People)
            {
                var admitted = table.Allows(name, role);
                // Not admitted: a complete token. Admitted: the claim the role is scoped by left out.
                var (agency, authority) = role == Role.Partner ? (admitted ? "" : "wmp", "walsall") : ("", admitted ? "" : "walsall");
                var answer = await CallAsync(instance, handler, Signed(role, agency, authority));
                if (answer != nameof(StatusCode.PermissionDenied))
                    wrong.Add($"{name} as a {role}{(admitted ? " without its " + (role == Role.Partner ? "agency" : "authority") : "")}: {answer}, not PermissionDenied");
            }
            var anonymous = await CallAsync(instance, handler, new ClaimsPrincipal(new ClaimsIdentity()));
            if (anonymous != nameof(StatusCode.Unauthenticated)) wrong.Add($"{name} with no user: {anonymous}, not Unauthenticated");
        }
        return wrong;
    }

    static ClaimsPrincipal Signed(Role role, string agency, string authority)
    {
        var claims = new List<Claim> { new(MashClaims.Subject, "guard-test"), new(MashClaims.Role, MashClaims.Name(role)) };
        if (agency.Length > 0) claims.Add(new Claim(MashClaims.Agency, agency));
        if (authority.Length > 0) claims.Add(new Claim(MashClaims.Authority, authority));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", MashClaims.Subject, MashClaims.Role));
    }

    /// <summary>The handler's answer: the status it refused with, or what else happened, as text.</summary>
    static async Task<string> CallAsync(object instance, MethodInfo handler, ClaimsPrincipal user)
    {
        var context = new HandlerCallContext(new DefaultHttpContext { User = user });
        var arguments = handler.GetParameters().Select(p =>
            p.ParameterType == typeof(ServerCallContext) ? context
            : typeof(Google.Protobuf.IMessage).IsAssignableFrom(p.ParameterType) ? Activator.CreateInstance(p.ParameterType)
            : null).ToArray();
        try
        {
            await (Task)handler.Invoke(instance, arguments)!;
            return "answered";
        }
        catch (Exception e)
        {
            var thrown = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            return thrown is RpcException refusal ? refusal.StatusCode.ToString() : $"{thrown.GetType().Name} (it did something before checking the caller)";
        }
    }

    /// <summary>A call context carrying only the HTTP context, where Grpc.AspNetCore's GetHttpContext finds it.</summary>
    sealed class HandlerCallContext(HttpContext http) : ServerCallContext
    {
        protected override string MethodCore => "";
        protected override string HostCore => "";
        protected override string PeerCore => "";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore => [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore => [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override IDictionary<object, object> UserStateCore { get; } = new Dictionary<object, object> { ["__HttpContext"] = http };
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
