using System.Net;
using System.Net.Sockets;

namespace Mash.Testing;

/// <summary>
/// A TCP forwarder in front of a server (PostgreSQL, RabbitMQ) that a test can shut: every
/// connection through it is reset at once and new ones are refused until it opens again. To a
/// service behind it that is the server gone, as a crash or a lost network looks, while the real
/// server goes on serving every other test.
/// </summary>
public sealed class TcpGate : IAsyncDisposable
{
    readonly TcpListener _listener;
    readonly string _targetHost;
    readonly int _targetPort;
    readonly CancellationTokenSource _stop = new();
    readonly Lock _gate = new();
    readonly List<TcpClient> _open = [];
    readonly Task _accepting;
    bool _shut;

    public TcpGate(string targetHost, int targetPort)
    {
        (_targetHost, _targetPort) = (targetHost, targetPort);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Resets every connection through the gate and refuses new ones.</summary>
    public void Shut()
    {
        lock (_gate)
        {
            _shut = true;
            foreach (var client in _open) Reset(client);
            _open.Clear();
        }
    }

    public void Open()
    {
        lock (_gate) _shut = false;
    }

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try { inbound = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) when (_stop.IsCancellationRequested) { return; }
            _ = ForwardAsync(inbound);
        }
    }

    async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        lock (_gate)
        {
            if (_shut) { Reset(inbound); return; }
            _open.Add(inbound);
            _open.Add(outbound);
        }
        try
        {
            await outbound.ConnectAsync(_targetHost, _targetPort, _stop.Token);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            await Task.WhenAny(
                inbound.GetStream().CopyToAsync(outbound.GetStream(), both.Token),
                outbound.GetStream().CopyToAsync(inbound.GetStream(), both.Token));
            await both.CancelAsync();
        }
        catch (Exception) { }
        finally
        {
            lock (_gate) { _open.Remove(inbound); _open.Remove(outbound); }
            Reset(inbound);
            Reset(outbound);
        }
    }

    /// <summary>Closes with RST, not FIN: the peer learns at once that the connection is gone.</summary>
    static void Reset(TcpClient client)
    {
        try { client.Client.LingerState = new LingerOption(true, 0); } catch (Exception) { }
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Shut();
        await _accepting;
    }
}
