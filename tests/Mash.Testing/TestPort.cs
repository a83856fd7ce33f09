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
/// port (CI saw "address already in use"). Ports beside that range are only ever bound on
/// purpose, and a lock file per port keeps parallel test processes off each other's.
/// The fixed ports of the servers (5432, 5672, 15672, the chaos servers' 5674/15674/25674) lie
/// below the ports used here.
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
        var (from, to) = Quiet;
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var number = to > from ? Random.Shared.Next(from, to) : KernelsChoice();
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
        throw new InvalidOperationException($"No free loopback port {(to > from ? $"in {from}..{to - 1}" : "from the kernel")} after 500 tries");
    }

    /// <summary>
    /// <see cref="Span"/> ports just below the ephemeral range (above the chaos servers' 25674), or just above it;
    /// where it leaves no room on either side, none (the kernel's choice, and its race, come back).
    /// </summary>
    public static readonly (int From, int To) Quiet = QuietPorts(EphemeralRange());

    public static (int From, int To) QuietPorts((int Low, int High) ephemeral)
    {
        var (low, high) = ephemeral;
        if (low - Span > HighestServerPort) return (low - Span, low);
        if (high + Span <= IPEndPoint.MaxPort) return (high + 1, high + 1 + Span);
        return (0, 0);
    }

    const int HighestServerPort = 25674;

    /// <summary>Linux's /proc/sys/net/ipv4/ip_local_port_range (32768-60999 unless changed); IANA's 49152-65535 elsewhere.</summary>
    public static (int Low, int High) EphemeralRange()
    {
        const string file = "/proc/sys/net/ipv4/ip_local_port_range";
        var parts = File.Exists(file) ? File.ReadAllText(file).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        return parts.Length == 2 && int.TryParse(parts[0], out var low) && int.TryParse(parts[1], out var high) ? (low, high) : (49152, 65535);
    }

    static int KernelsChoice()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    public void Dispose() => _lock.Dispose();
}
