using Mash.EarlyHelp.Domain;

namespace Mash.EarlyHelp.Tests.Service;

/// <summary>Where a lead professional clock stands is set by when its child was routed.</summary>
static class ClockTimes
{
    /// <summary>The routing time whose clock becomes at risk at <paramref name="atRisk"/> (the at-risk instant rises with the start).</summary>
    public static DateTimeOffset RoutedSoThatAtRiskAt(DateTimeOffset atRisk)
    {
        var (low, high) = (atRisk.AddDays(-14), atRisk);
        while (high - low > TimeSpan.FromMilliseconds(10))
        {
            var middle = low + (high - low) / 2;
            if (LeadProfessionalClock.AtRiskAt(LeadProfessionalClock.Start(Guid.Empty, middle, Domain.Fixtures.Calendar, LeadProfessionalClock.AllowanceOf([]))) < atRisk) low = middle;
            else high = middle;
        }
        return high;
    }
}
