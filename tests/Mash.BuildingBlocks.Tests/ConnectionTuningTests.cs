using Mash.BuildingBlocks.Data;
using Npgsql;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

public sealed class ConnectionTuningTests
{
    [Fact]
    public void A_plain_connection_string_gets_prepared_statements_and_no_reset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned("Host=127.0.0.1;Database=mash_intake;Username=mash_intake"));

        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("mash_intake", tuned.Database);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("MaxAutoPrepare=0;NoResetOnClose=false")]
    public void What_the_connection_string_says_wins(string settings)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseExtensions.Tuned($"Host=127.0.0.1;Database=mash_audit;{settings}"));

        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.False(tuned.NoResetOnClose);
    }
}
