using System.Net;
using Mash.Testing;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// A stand-in OTLP/HTTP collector: keeps the raw protobuf body of every export (traces, metrics,
/// logs), so a test can search what the services really sent. Strings in protobuf are plain
/// UTF-8 bytes, so a search needs no OTLP parser.
/// </summary>
public sealed class TelemetrySink : IAsyncDisposable
{
    readonly HttpListener _listener = new();
    readonly List<(string Path, byte[] Body)> _exports = [];
    readonly Task _loop;
    readonly TestPort _port = TestPort.Reserve();

    public TelemetrySink()
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public int Port => _port.Number;

    /// <summary>Environment that makes a service export all three signals here, often.</summary>
    public IDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{Port}",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    public IReadOnlyList<(string Path, byte[] Body)> Exports { get { lock (_exports) return [.. _exports]; } }

    public int Count(string signalPath) => Exports.Count(e => e.Path == signalPath);

    async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            catch (HttpListenerException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            lock (_exports) _exports.Add((context.Request.Url!.AbsolutePath, body.ToArray()));
            // An empty Export*ServiceResponse: the protobuf encoding of an empty message is no bytes.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        try { await _loop; } catch (ObjectDisposedException) { }
        _listener.Close();
        _port.Dispose();
    }
}
