using Grpc.Core;
using Mash.Contracts.EarlyHelp.V1;
using Mash.Testing;
using Xunit;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>Reading episodes back in tests, and the shape of refusals.</summary>
public static class Reads
{
    /// <summary>The child's current episode once early help has one (as a Walsall screener).</summary>
    public static Task<Episode> EpisodeOfAsync(this EarlyHelpHost host, string childId, Func<Episode, bool>? until = null, string what = "the child's episode") =>
        Eventually.Until(async () =>
        {
            try { return (await host.Client.GetEpisodeAsync(new GetEpisodeRequest { ChildId = childId })).Episode; }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound) { return null; }
        }, e => e is not null && (until?.Invoke(e) ?? true), what, EarlyHelpHost.Patience)!;

    public static async Task<Episode> ReadAsync(this EarlyHelpHost host, string episodeId) =>
        (await host.Client.GetEpisodeAsync(new GetEpisodeRequest { EpisodeId = episodeId })).Episode;

    public static async Task<RpcException> RefusedAsync(Func<Task> call, StatusCode code)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(code, error.StatusCode);
        return error;
    }

    public static IEnumerable<string> Fields(this RpcException error) =>
        error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field);
}
