using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Mash.BuildingBlocks.Identity;

/// <summary>The client side of the bearer token: the CLI and the tests call the services as someone.</summary>
public static class BearerTokenCalls
{
    /// <summary>A call invoker that sends <paramref name="token"/> (or, when null, none) as the bearer token.</summary>
    public static CallInvoker WithBearerToken(this ChannelBase channel, string? token) =>
        token is null
            ? channel.CreateCallInvoker()
            : channel.Intercept(metadata =>
            {
                metadata.Add("authorization", $"Bearer {token}");
                return metadata;
            });
}
