using Mash.Audit.Domain.Clocks;
using Mash.BuildingBlocks.ReferenceData;
using Mash.BuildingBlocks.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Mash.Audit.Clocks;

public static class ClockExtensions
{
    /// <summary>
    /// The working calendar (bank holidays from the seeds or Audit__Clocks__CalendarFile), the clock
    /// plan and book, and the scheduler that raises at-risk and breach alerts.
    /// </summary>
    public static IHostApplicationBuilder AddClocks(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(ClockOptions.Section);
        builder.Services.Configure<ClockOptions>(section);
        builder.UseTimeFile(section, nameof(ClockOptions.TimeFile));
        builder.Services.AddSingleton(services => ReferenceDataFiles.LoadCalendar(
            services.GetRequiredService<IOptions<ClockOptions>>().Value.ResolvedCalendarFile, "Audit__Clocks__CalendarFile",
            services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Audit.Clocks")));
        builder.Services.AddSingleton<ClockPlan>();
        builder.Services.AddScoped<ClockBook>();
        builder.Services.AddHostedService<ClockScheduler>();
        return builder;
    }

    /// <summary>Reads the calendar now, so a broken file stops the start rather than the first event.</summary>
    public static void LoadCalendar(this IServiceProvider services) => services.GetRequiredService<WorkingCalendar>();
}
