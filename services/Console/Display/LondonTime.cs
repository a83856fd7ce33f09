using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NodaTime;

namespace Mash.Console.Display;

/// <summary>Instants as the hub reads them: Europe/London wall time, the zone the services' clocks use.</summary>
public static class LondonTime
{
    static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static string Format(DateTimeOffset instant) =>
        Instant.FromDateTimeOffset(instant).InZone(London).ToDateTimeUnspecified().ToString("ddd d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string Format(Timestamp? instant) => instant is null ? "—" : Format(instant.ToDateTimeOffset());

    /// <summary>The machine-readable form for a time element's datetime attribute.</summary>
    public static string Iso(Timestamp instant) => instant.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static DateOnly Today(TimeProvider time) =>
        DateOnly.FromDateTime(Instant.FromDateTimeOffset(time.GetUtcNow()).InZone(London).ToDateTimeUnspecified());

    /// <summary>The instant of a London wall-clock time (the earlier one when clocks go back; the first valid one when they go forward).</summary>
    public static DateTimeOffset At(DateOnly date, TimeOnly time) =>
        London.AtLeniently(LocalDateTime.FromDateTime(date.ToDateTime(time))).ToDateTimeOffset();
}
