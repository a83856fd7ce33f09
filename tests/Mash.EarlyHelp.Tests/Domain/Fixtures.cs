using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;
using Mash.EarlyHelp.Domain;
using Mash.Testing;

namespace Mash.EarlyHelp.Tests.Domain;

static class Fixtures
{
    public static string Seeds(params string[] path) => Path.Combine([ServiceProcess.RepositoryRoot(), "seeds", .. path]);

    public static readonly WorkingCalendar Calendar = WorkingCalendar.FromGovUkJson(File.ReadAllText(Seeds("calendar", "bank-holidays.json")));

    public static readonly LocalityDirectory Localities =
        LocalityDirectory.Load(Directory.GetFiles(Seeds("localities"), "*.yaml").Order().Select(f => (Path.GetFileName(f), File.ReadAllText(f)))).Directory!;

    static int _order;

    public static LeadProfessionalEntry Person(string id, string locality, int from, int to, int capacity = 5, string authority = "walsall",
        params SettingKind[] settings) =>
        new(id, $"{id} (fictional)", $"{id}-agency", $"{id} agency (fictional)", AgencyKind.EarlyHelp, "family support worker",
            authority, locality, from, to, settings.ToHashSet(), capacity, _order++);

    public static DateTimeOffset London(int year, int month, int day, int hour, int minute = 0) =>
        NodaTime.LocalDateTime.FromDateTime(new DateTime(year, month, day, hour, minute, 0))
            .InZoneLeniently(WorkingCalendar.London).ToDateTimeOffset();
}
