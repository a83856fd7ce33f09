using Mash.BuildingBlocks.Data;
using Npgsql;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>What the gRPC door answers UNAVAILABLE for (TransientFaultInterceptor): the start-up wait's judgement.</summary>
public sealed class TransientFaultTests
{
    [Fact]
    public void An_exhausted_pool_as_EF_Core_wraps_it_is_transient()
    {
        var exhausted = new NpgsqlException("The connection pool has been exhausted", new TimeoutException("The operation has timed out."));
        var wrapped = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.", exhausted);

        Assert.True(StartupRetry.IsTransient(wrapped));
    }

    [Fact]
    public void A_bug_or_a_refused_statement_is_not()
    {
        Assert.False(StartupRetry.IsTransient(new InvalidOperationException("Sequence contains more than one element")));
        Assert.False(StartupRetry.IsTransient(new NpgsqlException("permission denied for table contacts")));
    }
}
