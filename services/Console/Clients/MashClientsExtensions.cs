using Grpc.Core;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Intake.V1;
using Mash.Contracts.Thresholds.V1;
using Microsoft.Extensions.Options;

namespace Mash.Console.Clients;

public static class MashClientsExtensions
{
    /// <summary>The gRPC clients the pages use, each calling as the signed-in user (<see cref="UserTokenHandler"/>).</summary>
    public static WebApplicationBuilder AddMashClients(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ServiceAddresses>(builder.Configuration.GetSection("Services"));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddTransient<UserTokenHandler>();
        builder.AddClient<IntakeService.IntakeServiceClient>(a => a.Intake);
        builder.AddClient<ThresholdService.ThresholdServiceClient>(a => a.Thresholds);
        builder.AddClient<AuditService.AuditServiceClient>(a => a.Audit);
        builder.AddClient<Mash.Contracts.EarlyHelp.V1.EarlyHelpService.EarlyHelpServiceClient>(a => a.EarlyHelp);
        builder.AddClient<Mash.Contracts.Allocation.V1.AllocationService.AllocationServiceClient>(a => a.Allocation);
        return builder;
    }

    static void AddClient<TClient>(this WebApplicationBuilder builder, Func<ServiceAddresses, string> address) where TClient : ClientBase =>
        builder.Services
            .AddGrpcClient<TClient>((services, o) => o.Address = new Uri(address(services.GetRequiredService<IOptions<ServiceAddresses>>().Value)))
            .AddHttpMessageHandler<UserTokenHandler>();
}
