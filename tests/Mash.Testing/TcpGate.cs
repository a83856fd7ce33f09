using System.Net;
using System.Net.Sockets;

namespace Mash.Testing;

/// <summary>
/// A TCP forwarder in front of a server (PostgreSQL, RabbitMQ) that a test can shut: every
/// connection through it is reset at once and new ones are refused until it opens again. To a
/// service behind it that is the server gone, as a crash or a lost network looks, while the real
/// server goes on serving every other test. It can also freeze: connections stay up and nothing
/// crosses, as a hung broker or a stalled network looks, until it thaws.
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
    volatile TaskCompletionSource _thawed = Thawed();

    static TaskCompletionSource Thawed()
    {
        var thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        thawed.SetResult();
        return thawed;
    }

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

    /// <summary>Nothing more crosses in either direction; the connections stay open. A sender soon fills its socket buffers and blocks.</summary>
    public void Freeze()
    {
        lock (_gate) if (_thawed.Task.IsCompleted) _thawed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Bytes cross again.</summary>
    public void Thaw()
    {
        lock (_gate) _thawed.TrySetResult();
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
                CopyAsync(inbound.GetStream(), outbound.GetStream(), both.Token),
                CopyAsync(outbound.GetStream(), inbound.GetStream(), both.Token));
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

    /// <summary>Forwards what arrives, reading nothing while the gate is frozen.</summary>
    async Task CopyAsync(NetworkStream from, NetworkStream to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            await _thawed.Task.WaitAsync(cancellationToken);
            var read = await from.ReadAsync(buffer, cancellationToken);
            if (read == 0) return;
            await _thawed.Task.WaitAsync(cancellationToken);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
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
