using Mash.Allocation.Grpc;
using Mash.Testing;
using Xunit;

namespace Mash.Allocation.Tests.Service;

/// <summary>Each handler checks its caller against its own row of the access table before anything else (<see cref="HandlerGuards"/>).</summary>
public sealed class HandlerAccessTests
{
    [Fact]
    public async Task Every_handler_refuses_a_caller_its_row_does_not_admit_before_doing_anything() =>
        Assert.Empty(await HandlerGuards.UnguardedAsync(typeof(AllocationGrpcService), Access.Table));
}
