using System.Net;
using Mash.BuildingBlocks.ReferenceData;
using Mash.BuildingBlocks.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mash.Console.Hosting;

public static class ConsoleHostingExtensions
{
    /// <summary>
    /// Kestrel on plain HTTP/1.1 for browsers (the services' defaults are HTTP/2 only, for gRPC; HTTP/2
    /// without TLS is not something browsers speak, so a TLS-terminating proxy fronts it in production),
    /// JSON logs and OpenTelemetry like the services, and a health endpoint for deploy scripts. In
    /// Production it first refuses development secrets and plaintext calls to the services, as they do.
    /// </summary>
    public static WebApplicationBuilder AddConsoleHosting(this WebApplicationBuilder builder, int defaultPort)
    {
        builder.RefuseDevelopmentSettings(servesGrpc: false);
        var port = builder.Configuration.GetValue("Mash:HttpPort", defaultPort);
        var anyIp = builder.Configuration.GetValue("Mash:ListenAnyIp", false);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            void Protocols(ListenOptions o) => o.Protocols = HttpProtocols.Http1;
            if (anyIp) kestrel.ListenAnyIP(port, Protocols);
            else kestrel.Listen(IPAddress.Loopback, port, Protocols);
        });

        // Logs carry ids only: pages log contact and child ids, never what a form or a record says.
        builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        builder.Logging.AddOpenTelemetry(o => o.IncludeScopes = true);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("mash-console"))
            // Query strings stay out of spans: a filter could one day carry a name.
            .WithTracing(t => t.AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null)))
            .WithMetrics(m => m.AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();

        builder.Services.TryAddSingleton(TimeProvider.System);
        // Countdowns count working time as the services' clocks do: the same bank holidays and office hours.
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadCalendar(
            ReferenceDataFiles.SeedPath(builder.Configuration["Console:CalendarFile"] ?? "", "calendar", "bank-holidays.json"), "Console__CalendarFile",
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Console.Calendar")));
        builder.Services.AddHealthChecks();
        return builder;
    }
}
