using System.Net;
using System.Net.Sockets;
using Mash.Testing;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

/// <summary>The ports test servers listen on: never one an outgoing connection can take, never one held twice.</summary>
public class TestPortTests
{
    [Fact]
    public void A_reserved_port_lies_below_the_ephemeral_range_and_is_not_handed_out_again_while_held()
    {
        var ephemeralStart = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);
        var held = Enumerable.Range(0, 50).Select(_ => TestPort.Reserve()).ToList();
        try
        {
            Assert.All(held, port => Assert.InRange(port.Number, 1024, ephemeralStart - 1));
            Assert.Equal(held.Count, held.Select(p => p.Number).Distinct().Count());

            // And it is free to bind, as the service will.
            using var listener = new TcpListener(IPAddress.Loopback, held[0].Number);
            listener.Start();
        }
        finally { held.ForEach(p => p.Dispose()); }
    }
}
