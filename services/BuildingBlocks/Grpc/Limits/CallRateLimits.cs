namespace Mash.BuildingBlocks.Grpc.Limits;

/// <summary>
/// The <c>RateLimits</c> section: a token bucket per caller for each named method of the service,
/// e.g. <c>RateLimits:SubmitContact:PermitsPerMinute</c>. A partner agency is one caller whoever in
/// it submits; staff are limited per person.
/// </summary>
public sealed class MethodRateLimit
{
    /// <summary>Sustained rate: calls per minute that the bucket refills with.</summary>
    public int PermitsPerMinute { get; set; } = 600;

    /// <summary>Calls that may arrive at once before the sustained rate applies.</summary>
    public int Burst { get; set; } = 100;
}
