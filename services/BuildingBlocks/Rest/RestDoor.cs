using Google.Protobuf.Reflection;
using Google.Rpc;
using Mash.BuildingBlocks.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi.Models;

namespace Mash.BuildingBlocks.Rest;

/// <summary>
/// The REST door: the methods a service's proto annotates with google.api.http also answer JSON
/// over HTTP/1.1 (ASP.NET Core gRPC JSON transcoding), for partners that cannot generate gRPC
/// stubs. The same endpoints, so the same bearer token, access table, validation and handlers;
/// errors are the same google.rpc.Status, as JSON, with the matching HTTP status.
/// Without TLS (development) the door is a second, plaintext HTTP/1.1 port, Mash:HttpPort (the
/// gRPC port + 10 unless set); with TLS the one port serves both, chosen per connection by ALPN
/// (<see cref="ServiceDefaults.ServiceDefaultsExtensions.AddServiceDefaults"/>). In Development the
/// OpenAPI document generated from the protos is served at /swagger/v1/swagger.json.
/// </summary>
public static class RestDoor
{
    /// <summary>The gap between a service's gRPC port and its development HTTP/1.1 port.</summary>
    public const int PortOffset = 10;

    /// <summary>Where the OpenAPI document is served (Development).</summary>
    public const string OpenApiPath = "/swagger/v1/swagger.json";

    /// <summary>
    /// The error details a JSON error may carry (google.protobuf.Any needs their descriptors to
    /// write them as JSON): field violations, retry advice and the rest of the rich error model.
    /// </summary>
    static readonly TypeRegistry ErrorDetails = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);

    public static WebApplicationBuilder AddRestDoor(this WebApplicationBuilder builder, string title)
    {
        builder.Services.AddSingleton<Marker>();
        // Outermost, so that it sees the retry advice of every interceptor inside it too.
        builder.Services.AddGrpc(o =>
        {
            o.Interceptors.Add<RetryAfterHeader>();
            var registration = o.Interceptors[^1];
            o.Interceptors.RemoveAt(o.Interceptors.Count - 1);
            o.Interceptors.Insert(0, registration);
        }).AddJsonTranscoding(o =>
        {
            o.TypeRegistry = ErrorDetails;
            // Field names as in the protos' JSON (lowerCamelCase) are written; either spelling is read.
            o.JsonSettings.WriteIndented = false;
        });
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddGrpcSwagger();
            builder.Services.AddSwaggerGen(o => o.SwaggerDoc("v1", new OpenApiInfo { Title = title, Version = "v1" }));
        }
        return builder;
    }

    /// <summary>
    /// The door's request rules (<see cref="RestRequests.UseRestRequestRules"/>), first in the
    /// pipeline; and in Development the OpenAPI document, anonymous (it says nothing reflection does not).
    /// </summary>
    public static WebApplication UseRestDoor(this WebApplication app)
    {
        app.UseRestRequestRules();
        if (app.Environment.IsDevelopment())
            app.MapSwagger().AllowAnonymous();
        return app;
    }

    /// <summary>The service has a REST door (it called <see cref="AddRestDoor"/>).</summary>
    public static bool IsOpen(KestrelServerOptions kestrel) => kestrel.ApplicationServices?.GetService<Marker>() is not null;

    /// <summary>The plaintext HTTP/1.1 port: Mash:HttpPort, or the gRPC port + <see cref="PortOffset"/>.</summary>
    public static int HttpPort(IConfiguration configuration, int grpcPort) => configuration.GetValue("Mash:HttpPort", grpcPort + PortOffset);

    sealed class Marker;
}
