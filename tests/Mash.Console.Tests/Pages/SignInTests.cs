using System.Net;
using System.Text.RegularExpressions;
using Mash.BuildingBlocks.Identity;
using Mash.Console.SignIn;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Xunit;

namespace Mash.Console.Tests.Pages;

/// <summary>The console's sign-in, in process: no services are called.</summary>
public sealed partial class SignInTests
{
    static WebApplicationFactory<Program> Console(string environment, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            foreach (var (key, value) in settings) b.UseSetting(key, value);
        });

    static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    [Fact]
    public async Task Development_sign_in_keeps_the_token_in_an_httponly_strict_cookie_and_needs_the_anti_forgery_token()
    {
        await using var console = Console("Development", ("Auth:SigningKey", DevTokens.NewSigningKey()));
        using var client = console.CreateClient(NoRedirects);
        var cancel = TestContext.Current.CancellationToken;

        var form = await client.GetStringAsync("/account/signin", cancel);
        var token = AntiForgeryToken().Match(form).Groups[1].Value;
        var fields = new Dictionary<string, string> { ["Choice.Role"] = "partner", ["Choice.Agency"] = "wmp", ["Choice.Authority"] = "walsall" };

        var forged = await client.PostAsync("/account/signin", new FormUrlEncodedContent(fields), cancel);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        fields["__RequestVerificationToken"] = token;
        var signedIn = await client.PostAsync("/account/signin", new FormUrlEncodedContent(fields), cancel);
        Assert.Equal((HttpStatusCode.Redirect, "/partner/contacts"), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));
        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mash-console="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Outside_development_the_signing_key_alone_is_refused_at_start()
    {
        // Staging: any environment but Development. Production refuses the key even earlier, with
        // every other development setting (ProductionSettings; Mash.EndToEnd.Tests' ProductionRefusalTests).
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            using var console = Console("Staging", ("Auth:SigningKey", DevTokens.NewSigningKey()));
            console.CreateClient();
        });
        Assert.Contains("Development sign-in is refused outside Development", error.Message);
    }

    [Fact]
    public void Development_sign_in_is_not_offered_by_a_console_configured_for_oidc()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Authority"] = "https://idp.example", ["Auth:SigningKey"] = DevTokens.NewSigningKey(),
        }).Build();

        var mode = SignInMode.From(configuration, new Environment("Development"));

        Assert.True(mode.UsesOidc);
        Assert.False(mode.DevelopmentForm);
    }

    [Fact]
    public async Task Production_sends_people_to_the_oidc_issuer()
    {
        await using var console = Console("Production", ("Auth:Authority", "https://idp.example"), ("Auth:ClientId", "mash-console"))
            .WithWebHostBuilder(b => b.ConfigureTestServices(s => s.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                // The issuer's discovery document, as if fetched: no network in tests.
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(
                    new OpenIdConnectConfiguration { AuthorizationEndpoint = "https://idp.example/authorize", Issuer = "https://idp.example" }))));
        using var client = console.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var queue = await client.GetAsync("/queue", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.StartsWith("https://idp.example/authorize?client_id=mash-console", queue.Headers.Location!.OriginalString);
        Assert.Contains("code_challenge=", queue.Headers.Location.OriginalString);
    }

    sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Mash.Console";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();
}
