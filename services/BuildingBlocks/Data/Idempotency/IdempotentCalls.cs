using Google.Protobuf;
using Grpc.Core;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mash.BuildingBlocks.Data.Idempotency;

/// <summary>
/// A change a caller may send again (after UNAVAILABLE, a timeout, a double click) without making
/// it twice. Keyed by method, caller and the caller's idempotency key: the first call claims the key
/// (a row of <c>idempotent_calls</c>) and does its change in the same transaction, then stores its
/// response there; a repeat with the same request gets that response back and changes nothing (no
/// second effect, no second event); the same key with another request is ALREADY_EXISTS
/// (<see cref="RequestDigest"/>, as SubmitContact answers). Two calls with one key at the same
/// moment: the second's claim waits on the first's row and then replays it, so concurrent retries
/// are safe too. An empty key means the caller asked for no protection.
/// </summary>
public static class IdempotentCalls
{
    public const int MaxKeyLength = 100;

    /// <param name="method">The method's name, fixed by the handler (never the request path, whose spelling a caller chooses).</param>
    /// <param name="handle">The change. It may open its own transaction with <see cref="TransactionExtensions.BeginOrJoinTransactionAsync"/>; it joins this one.</param>
    public static async Task<TResponse> OnceAsync<TResponse>(this DbContext db, ServerCallContext context, string method,
        string idempotencyKey, IMessage request, Func<Task<TResponse>> handle) where TResponse : IMessage<TResponse>, new()
    {
        if (idempotencyKey.Length == 0) return await handle();
        if (idempotencyKey.Length > MaxKeyLength || idempotencyKey.Trim().Length != idempotencyKey.Length)
            throw RpcErrors.InvalidArgument([("idempotency_key", $"at most {MaxKeyLength} characters, without leading or trailing spaces")]);

        var cancellationToken = context.CancellationToken;
        var caller = CallerOf(context.Actor());
        var requestHash = RequestDigest.Of(request);
        if (await StoredAsync(db, method, caller, idempotencyKey, cancellationToken) is { } earlier)
            return Replay<TResponse>(earlier, requestHash);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = (context.GetHttpContext().RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotent_calls (method, caller, idempotency_key, request_hash, created_at)
            VALUES ({method}, {caller}, {idempotencyKey}, {requestHash}, {now}) ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (claimed == 0)
        {
            // A call with this key committed while this one waited on its row: answer as it did.
            await transaction.RollbackAsync(cancellationToken);
            return Replay<TResponse>(await StoredAsync(db, method, caller, idempotencyKey, cancellationToken)
                ?? throw RpcErrors.Unavailable("A call with this idempotency key is being handled; send it again", TimeSpan.FromSeconds(1)), requestHash);
        }

        var response = await handle();
        await db.Database.ExecuteSqlAsync($"""
            UPDATE idempotent_calls SET response = {response.ToByteArray()}
            WHERE method = {method} AND caller = {caller} AND idempotency_key = {idempotencyKey}
            """, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return response;
    }

    /// <summary>
    /// Keys belong to the caller: one person's key never replays another's answer (which could show
    /// a record the other may not see).
    /// </summary>
    static string CallerOf(Actor actor) => $"{actor.Role}|{actor.Subject}|{actor.Agency}|{actor.LocalAuthority}";

    static TResponse Replay<TResponse>(StoredCall earlier, byte[] requestHash) where TResponse : IMessage<TResponse>, new() =>
        RequestDigest.ReplayOrRefuse(earlier.RequestHash, requestHash, () =>
        {
            var response = new TResponse();
            response.MergeFrom(earlier.Response ?? throw RpcErrors.Unavailable("A call with this idempotency key is being handled; send it again", TimeSpan.FromSeconds(1)));
            return response;
        });

    static async Task<StoredCall?> StoredAsync(DbContext db, string method, string caller, string key, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<StoredCall>($"""
            SELECT request_hash, response FROM idempotent_calls
            WHERE method = {method} AND caller = {caller} AND idempotency_key = {key}
            """).SingleOrDefaultAsync(cancellationToken);

    sealed class StoredCall
    {
        public required byte[] RequestHash { get; init; }
        public byte[]? Response { get; init; }
    }
}
