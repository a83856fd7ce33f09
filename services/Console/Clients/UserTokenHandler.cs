using System.Net.Http.Headers;
using Mash.Console.SignIn;
using Microsoft.AspNetCore.Authentication;

namespace Mash.Console.Clients;

/// <summary>
/// Sends the signed-in user's own bearer token on every gRPC call, never a token of the console's:
/// the services then apply their access rules to the person, and the console can show no more than
/// that person may see.
/// </summary>
public sealed class UserTokenHandler(IHttpContextAccessor http) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (http.HttpContext is { } context && await context.GetTokenAsync(SignInExtensions.AccessToken) is { Length: > 0 } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
