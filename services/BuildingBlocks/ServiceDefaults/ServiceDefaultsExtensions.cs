using System.Net;
using Grpc.AspNetCore.HealthChecks;
using Mash.BuildingBlocks.Grpc.Limits;
using Mash.BuildingBlocks.Grpc;
using Mash.BuildingBlocks.Rest;
using Mash.BuildingBlocks.Messaging.Errors;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mash.BuildingBlocks.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// What every Mash service has: a gRPC endpoint on its port (HTTP/2, over TLS when a certificate
    /// is configured: <see cref="ServerCertificate"/>), structured logs,
    /// OpenTelemetry traces, metrics and logs (made and exported over OTLP only when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set), the standard gRPC health service (liveness and readiness: <see cref="HealthProbes"/>) and reflection, and a request size limit.
    /// In Production it first refuses development secrets and plaintext transport (<see cref="ProductionSettings"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName, int defaultPort)
    {
        builder.RefuseDevelopmentSettings(servesGrpc: true);
        var port = builder.Configuration.GetValue("Mash:GrpcPort", defaultPort);
        var anyIp = builder.Configuration.GetValue("Mash:ListenAnyIp", false);
        var certificate = ServerCertificate.Load(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var restDoor = RestDoor.IsOpen(kestrel);
            void Listen(int number, Action<ListenOptions> configure)
            {
                if (anyIp) kestrel.ListenAnyIP(number, configure);
                else kestrel.Listen(IPAddress.Loopback, number, configure);
            }
            Listen(port, o =>
            {
                // With TLS, ALPN lets one port serve gRPC (h2) and the REST door's HTTP/1.1.
                o.Protocols = certificate is not null && restDoor ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http2;
                if (certificate is not null) o.UseHttps(certificate);
            });
            // Plaintext cannot negotiate the protocol, so the REST door gets a port of its own.
            if (certificate is null && restDoor)
                Listen(RestDoor.HttpPort(builder.Configuration, port), o => o.Protocols = HttpProtocols.Http1);
        });

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimings.Host);

        // Logs carry ids only: no message bodies, SQL parameters or request payloads are logged.
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        builder.AddOpenTelemetry(serviceName);

        // One clock for every service, so tests and the chaos run can control time.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
            o.Interceptors.Add<TransientFaultInterceptor>();
        });
        builder.AddRequestSizeLimit();
        builder.Services.AddHealthProbes();
        builder.Services.AddGrpcReflection();
        return builder;
    }

    static void AddOpenTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        // Every call, query and message makes a span and every log line a record, whether or not
        // anything collects them: with no collector configured none is made (a load profile showed
        // the cost), and the JSON console log remains.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService($"mash-{serviceName}"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.RecordException = true)
                .AddSource(DiagnosticHeaders.DefaultListenerName)
                .AddNpgsql())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddMeter(InstrumentationOptions.MeterName)
                .AddMeter(ErrorQueueMonitor.MeterName)
                .AddNpgsqlInstrumentation())
            .UseOtlpExporter();
    }

    /// <summary>
    /// The only endpoints anyone may call without a token: the gRPC health service (orchestrators
    /// probe it) and, in Development, reflection (it lists every method). Outside Development,
    /// Mash:EnableReflection maps reflection for signed-in callers only. Everything else is behind
    /// the access table (<see cref="Identity.IdentityExtensions.AddMashIdentity"/>).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapGrpcHealthChecksService().AllowAnonymous();
        if (app.Environment.IsDevelopment())
            app.MapGrpcReflectionService().AllowAnonymous();
        else if (app.Configuration.GetValue("Mash:EnableReflection", false))
            app.MapGrpcReflectionService().RequireAuthorization(policy => policy.RequireAuthenticatedUser());
        return app;
    }
}
