using System.Reflection;
using Google.Protobuf.Reflection;
using Mash.Contracts.Common.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>The five services as processes on their own databases and vhost, started once for the suite.</summary>
public sealed class Services : ServicePipeline
{
    /// <summary>
    /// Submissions limited as in production, with a burst (100) that the suite's own submissions as
    /// one agency stay well under, so that the REST door's 429 can be reached by an agency of its own.
    /// </summary>
    public const int SubmitBurst = 100;

    protected override IDictionary<string, string> IntakeOverrides => new Dictionary<string, string>
    {
        ["RateLimits__SubmitContact__Burst"] = SubmitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RateLimits__SubmitContact__PermitsPerMinute"] = SubmitBurst.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Every gRPC service of the contracts, found by reflection over the generated file descriptors.</summary>
    public static readonly ServiceDescriptor[] Contract = typeof(Role).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .SelectMany(p => ((FileDescriptor)p!.GetValue(null)!).Services)
        .DistinctBy(s => s.FullName)
        .ToArray();

    /// <summary>The running process that serves <paramref name="service"/>.</summary>
    public ServiceProcess For(ServiceDescriptor service) => service.File.Package.Split('.')[1] switch
    {
        "intake" => Intake,
        "thresholds" => Thresholds,
        "earlyhelp" => EarlyHelp,
        "allocation" => Allocation,
        "audit" => Audit,
        var other => throw new Xunit.Sdk.XunitException($"{service.FullName}: no running service for package '{other}'; add it to the suite's pipeline"),
    };
}

/// <summary>One set of running services for every class of the suite (starting five processes is the costly part).</summary>
[CollectionDefinition(nameof(RunningServices))]
public sealed class RunningServices : ICollectionFixture<Services>;
