using Mash.BuildingBlocks.Messaging;
using Microsoft.Extensions.Configuration;

namespace Mash.Cli.Errors;

/// <summary>
/// The broker the error commands talk to: the services' settings (<c>RabbitMq__Host</c>, <c>__Port</c>,
/// <c>__VirtualHost</c>, <c>__Username</c>, <c>__Password</c>, same defaults) from the environment,
/// and <c>RabbitMq__ManagementPort</c> (15672) for the management HTTP API, which alone can list queues.
/// </summary>
public sealed record Broker(RabbitMqOptions Rabbit, int ManagementPort)
{
    public const int DefaultManagementPort = 15672;

    public static Broker FromEnvironment()
    {
        var section = new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection("RabbitMq");
        return new(section.Get<RabbitMqOptions>() ?? new RabbitMqOptions(), section.GetValue("ManagementPort", DefaultManagementPort));
    }
}
