using System.Security.Cryptography;
using Google.Protobuf;
using Mash.BuildingBlocks.Grpc;

namespace Mash.BuildingBlocks.Data.Idempotency;

/// <summary>
/// The rule every idempotent call follows: a request is known by the SHA-256 of its protobuf bytes;
/// the same key with the same request is answered as the first time, the same key with another
/// request is ALREADY_EXISTS (the caller reused a key by mistake, and must not get another's answer).
/// </summary>
public static class RequestDigest
{
    public static byte[] Of(IMessage request) => SHA256.HashData(request.ToByteArray());

    public static T ReplayOrRefuse<T>(byte[] storedHash, byte[] requestHash, Func<T> replay) =>
        storedHash.AsSpan().SequenceEqual(requestHash)
            ? replay()
            : throw RpcErrors.AlreadyExists("This idempotency key was already used for a different request");
}
