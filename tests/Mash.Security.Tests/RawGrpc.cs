using System.Net;
using System.Net.Http.Headers;

namespace Mash.Security.Tests;

/// <summary>What a raw call got back: the HTTP status and, on a gRPC answer, its grpc-status and grpc-message.</summary>
public sealed record Answer(HttpStatusCode Http, Grpc.Core.StatusCode? Status, string Message)
{
    /// <summary>"OK", "PermissionDenied", ... or "HTTP 404" when the server did not answer as gRPC.</summary>
    public string Outcome => Http != HttpStatusCode.OK ? $"HTTP {(int)Http}" : Status?.ToString() ?? "no grpc-status";

    public override string ToString() => Message.Length > 0 ? $"{Outcome} ({Message})" : Outcome;
}

/// <summary>
/// A gRPC client that sends exactly the path it is given: plaintext HTTP/2 with prior knowledge
/// (h2c), one gRPC frame holding an empty message, the end of the stream, and whatever
/// authorization header the attacker chooses. A generated client cannot send a re-cased or
/// escaped path; this one sends the bytes as written (no URI canonicalization).
/// </summary>
public sealed class RawGrpc : IDisposable
{
    /// <summary>A gRPC frame: not compressed, length 0 (an empty protobuf message).</summary>
    static readonly byte[] EmptyMessage = [0, 0, 0, 0, 0];

    static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    readonly HttpClient _client = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async Task<Answer> CallAsync(int port, string path, string? authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}{path}", AsWritten))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(EmptyMessage),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("authorization", authorization);

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        // Trailers-only (a refusal before any message) carries the status in the headers; otherwise
        // it follows the body in the trailers.
        var status = First(response.Headers, "grpc-status");
        var message = First(response.Headers, "grpc-message");
        if (status is null)
        {
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            status = First(response.TrailingHeaders, "grpc-status");
            message = First(response.TrailingHeaders, "grpc-message");
        }
        return new Answer(response.StatusCode, status is null ? null : (Grpc.Core.StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture),
            message is null ? "" : Uri.UnescapeDataString(message));
    }

    static string? First(HttpHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _client.Dispose();
}
