using System.Net;
using System.Net.Sockets;
using Mash.Testing;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>The ports test servers listen on: never one an outgoing connection can take, never one held twice.</summary>
public class TestPortTests
{
    [Theory]
    [InlineData(32768, 60999, 28768, 32768)] // Linux's default: the 4,000 just below
    [InlineData(20000, 60999, 61000, 65000)] // no room below the servers' fixed ports: just above
    [InlineData(1024, 65535, 0, 0)]          // no room either side: none, the kernel chooses
    public void Ports_are_chosen_beside_the_ephemeral_range(int low, int high, int from, int to) =>
        Assert.Equal((from, to), TestPort.QuietPorts((low, high)));

    [Fact]
    public void A_reserved_port_is_not_handed_out_again_while_held_and_binds()
    {
        var (low, high) = TestPort.EphemeralRange();
        var held = Enumerable.Range(0, 50).Select(_ => TestPort.Reserve()).ToList();
        try
        {
            // Beside the ephemeral range wherever this machine leaves room for it (the theory above says where).
            if (TestPort.Quiet.To > TestPort.Quiet.From)
                Assert.All(held, port => Assert.True(port.Number >= TestPort.Quiet.From && port.Number < TestPort.Quiet.To && (port.Number < low || port.Number > high), $"{port.Number}"));
            Assert.Equal(held.Count, held.Select(p => p.Number).Distinct().Count());

            using var listener = new TcpListener(IPAddress.Loopback, held[0].Number);
            listener.Start();
        }
        finally { held.ForEach(p => p.Dispose()); }
    }
}
