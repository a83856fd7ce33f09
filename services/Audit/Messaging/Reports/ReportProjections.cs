using Mash.Contracts.Events.V1;

namespace Mash.Audit.Messaging.Reports;

/// <summary>
/// The report projections of each event type: every <see cref="ReportProjection{TEvent}"/> of this
/// assembly, found once by reflection, so a new projection needs no registration of its own.
/// </summary>
public sealed class ReportProjections
{
    /// <summary>Every projection type of this assembly.</summary>
    public static readonly IReadOnlyList<Type> Types = typeof(ReportProjection<>).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsClass: true, BaseType.IsGenericType: true } && t.BaseType.GetGenericTypeDefinition() == typeof(ReportProjection<>))
        .ToList();

    readonly Dictionary<Type, Type[]> _byEvent = Types
        .GroupBy(t => t.BaseType!.GetGenericArguments()[0])
        .ToDictionary(g => g.Key, g => g.ToArray());

    /// <summary>The projections of the event's type (none for most events: the trail alone records them).</summary>
    public IReadOnlyList<Type> For(IEvent @event) => _byEvent.GetValueOrDefault(@event.GetType(), []);
}

public static class ReportProjectionRegistration
{
    /// <summary>Every projection, scoped (it writes through the scope's <see cref="ReportWrites"/>), and their index by event type.</summary>
    public static IHostApplicationBuilder AddReportProjections(this IHostApplicationBuilder builder)
    {
        foreach (var type in ReportProjections.Types) builder.Services.AddScoped(type);
        builder.Services.AddScoped<ReportWrites>();
        builder.Services.AddSingleton<ReportProjections>();
        return builder;
    }
}
