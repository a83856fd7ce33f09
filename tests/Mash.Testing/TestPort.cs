using System.Net;
using System.Net.Sockets;

namespace Mash.Testing;

/// <summary>
/// A loopback TCP port for a server a test starts (a service process, the console, a telemetry
/// sink), held until disposed so that a restarted service finds its port again.
/// </summary>
/// <remarks>
/// Why not "bind port 0 and read the number": the kernel gives port-0 binds and the local ends of
/// outgoing connections from the same ephemeral range, so between the probe and the service's own
/// bind, a connection to PostgreSQL or RabbitMQ from a test project running alongside can take the
/// port (CI saw "address already in use"). Ports just below that range are only ever bound on
/// purpose, and a lock file per port keeps parallel test processes off each other's.
/// The fixed ports of the servers (5432, 5672, 15672, the chaos servers' 5674/15674/25674) lie
/// below the span used here.
/// </remarks>
public sealed class TestPort : IDisposable
{
    const int Span = 4000;
    static readonly string LockFolder = Path.Combine(Path.GetTempPath(), "mash-test-ports");

    readonly FileStream _lock;

    TestPort(int number, FileStream @lock) => (Number, _lock) = (number, @lock);

    public int Number { get; }

    public static TestPort Reserve()
    {
        Directory.CreateDirectory(LockFolder);
        var ephemeralStart = EphemeralRangeStart();
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var number = Random.Shared.Next(ephemeralStart - Span, ephemeralStart);
            FileStream? held = null;
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock) that other processes' attempts fail on.
                held = new FileStream(Path.Combine(LockFolder, $"{number}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (NobodyListensOn(number)) return new TestPort(number, held);
            }
            catch (IOException) { } // another test process holds it
            held?.Dispose();
        }
        throw new InvalidOperationException($"No free loopback port in {ephemeralStart - Span}..{ephemeralStart - 1} after 500 tries");
    }

    static bool NobodyListensOn(int number)
    {
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, number));
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>Linux's /proc/sys/net/ipv4/ip_local_port_range (32768 unless changed); 49152, the IANA start, elsewhere.</summary>
    static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var start = File.Exists(range) && int.TryParse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var low) ? low : 49152;
        return start > 26000 + Span ? start : throw new InvalidOperationException(
            $"The ephemeral port range starts at {start}; tests need {Span} ports below it and above the chaos servers' 25674");
    }

    public void Dispose() => _lock.Dispose();
}
