using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mash.Security.Tests;

/// <summary>What the REST door answered: the HTTP status, the google.rpc.Status code of an error body, and the body.</summary>
public sealed record RestAnswer(HttpStatusCode Http, int? Code, string Message, string Body, HttpResponseHeaders Headers)
{
    public override string ToString() => $"HTTP {(int)Http}{(Code is { } c ? $" code {c}" : "")}{(Message.Length > 0 ? $" ({Message})" : "")}";
}

/// <summary>
/// An HTTP/1.1 client that sends exactly the path it is given (no URI canonicalization), with the
/// verb, body, content type and authorization header the attacker chooses.
/// </summary>
public sealed class RawRest : IDisposable
{
    static readonly UriCreationOptions AsWritten = new() { DangerousDisablePathAndQueryCanonicalization = true };

    readonly HttpClient _client = new(new SocketsHttpHandler { MaxConnectionsPerServer = 16 })
    {
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromMinutes(2),
    };

    public Task<RestAnswer> SendAsync(int port, string verb, string path, string? authorization, string? json, CancellationToken cancellationToken) =>
        SendAsync(port, verb, path, authorization, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    public async Task<RestAnswer> SendAsync(int port, string verb, string path, string? authorization, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(verb), new Uri($"http://127.0.0.1:{port}{path}", AsWritten)) { Content = content };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("authorization", authorization);
        using var response = await _client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var (code, message) = ErrorOf(response, body);
        return new RestAnswer(response.StatusCode, code, message, body, response.Headers);
    }

    /// <summary>The google.rpc.Status of an error answer (code and message), or (null, "") for a success or a body that is not one.</summary>
    static (int? Code, string Message) ErrorOf(HttpResponseMessage response, string body)
    {
        if (response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "application/json") return (null, "");
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return (root.TryGetProperty("code", out var c) ? c.GetInt32() : null, root.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "");
        }
        catch (JsonException) { return (null, ""); }
    }

    public void Dispose() => _client.Dispose();
}
