using NodaTime;

namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// The hours of a working day when the hub's staff are at work (09:00 to 17:00 unless an authority
/// says otherwise). Working hours are counted inside them, at-risk alerts fall inside them, and
/// report medians and countdowns measure working time with them.
/// </summary>
public sealed record OfficeHours(LocalTime Opens, LocalTime Closes)
{
    public static OfficeHours Default { get; } = new(new LocalTime(9, 0), new LocalTime(17, 0));

    public Duration Length => Duration.FromNanoseconds(Closes.NanosecondOfDay - Opens.NanosecondOfDay);

    /// <summary>Refuses hours that close before they open: a day with no office time would stop every working-hours clock.</summary>
    public OfficeHours Checked() =>
        Closes > Opens ? this : throw new ArgumentException($"office hours must close after they open ({Opens:HH:mm}-{Closes:HH:mm})");
}
