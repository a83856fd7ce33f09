using System.Security.Claims;
using Grpc.Core;
using Mash.Contracts.Common.V1;

namespace Mash.BuildingBlocks.Identity;

public static class CallContextExtensions
{
    public static ClaimsPrincipal User(this ServerCallContext context) => context.GetHttpContext().User;

    /// <summary>The authenticated caller as the actor of an event.</summary>
    public static Actor Actor(this ServerCallContext context) => context.User().ToActor();
}
