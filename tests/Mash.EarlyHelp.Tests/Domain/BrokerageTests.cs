using Mash.Contracts.Common.V1;
using Mash.EarlyHelp.Domain;
using Xunit;
using static Mash.EarlyHelp.Tests.Domain.Fixtures;

namespace Mash.EarlyHelp.Tests.Domain;

/// <summary>Brokerage's choice among the directory: locality, age and setting, capacity, then the order of preference.</summary>
public sealed class BrokerageTests
{
    static readonly LeadProfessionalEntry Hub = Person("hub", "walsall-north", 0, 18, capacity: 4);
    static readonly LeadProfessionalEntry HealthVisitor = Person("hv", "walsall-north", 0, 4, 3, "walsall", SettingKind.None, SettingKind.EarlyYears);
    static readonly LeadProfessionalEntry PrimaryLead = Person("primary", "walsall-north", 4, 11, 2, "walsall", SettingKind.PrimarySchool);
    static readonly LeadProfessionalEntry SouthHub = Person("south-hub", "walsall-south", 0, 18);
    static readonly LeadProfessionalEntry[] Directory = [Hub, HealthVisitor, PrimaryLead, SouthHub];
    static readonly Dictionary<string, int> NoLoads = [];

    static string? Chosen(string locality, IReadOnlyDictionary<string, int> loads, params BrokerageChild[] children) =>
        Brokerage.Choose("walsall", locality, children, Directory, loads)?.LeadProfessional.Id;

    [Fact]
    public void A_school_age_child_gets_the_schools_safeguarding_lead_and_an_under_five_the_health_visitor()
    {
        Assert.Equal("primary", Chosen("walsall-north", NoLoads, new BrokerageChild(7, SettingKind.PrimarySchool)));
        Assert.Equal("hv", Chosen("walsall-north", NoLoads, new BrokerageChild(2, SettingKind.None)));
        // A secondary-school child is outside both specialists: the hub, which covers any age and setting.
        Assert.Equal("hub", Chosen("walsall-north", NoLoads, new BrokerageChild(14, SettingKind.SecondarySchool)));
    }

    [Fact]
    public void Siblings_get_one_lead_professional_for_the_whole_family_when_someone_covers_them_all()
    {
        Assert.Equal("hub", Chosen("walsall-north", NoLoads, new BrokerageChild(2, SettingKind.None), new BrokerageChild(7, SettingKind.PrimarySchool)));
    }

    [Fact]
    public void Only_the_episodes_locality_and_authority_count()
    {
        Assert.Equal("south-hub", Chosen("walsall-south", NoLoads, new BrokerageChild(7, SettingKind.PrimarySchool)));
        Assert.Null(Brokerage.Choose("wolverhampton", "walsall-north", [new BrokerageChild(7, SettingKind.PrimarySchool)], Directory, NoLoads));
        Assert.Null(Chosen("walsall-east", NoLoads, new BrokerageChild(7, SettingKind.PrimarySchool)));
        // No locality known: nobody is brokered; the panel places the family by hand.
        Assert.Null(Chosen("", NoLoads, new BrokerageChild(7, SettingKind.PrimarySchool)));
    }

    [Fact]
    public void A_full_lead_professional_is_passed_over_and_when_everyone_is_full_nobody_is_chosen()
    {
        var child = new BrokerageChild(7, SettingKind.PrimarySchool);
        Assert.Equal("hub", Chosen("walsall-north", new Dictionary<string, int> { ["primary"] = 2 }, child));
        Assert.Null(Chosen("walsall-north", new Dictionary<string, int> { ["primary"] = 2, ["hub"] = 4 }, child));
    }

    [Fact]
    public void Among_equal_fits_the_lowest_share_of_capacity_wins_then_file_order()
    {
        var first = Person("first", "walsall-west", 0, 18, capacity: 10);
        var second = Person("second", "walsall-west", 0, 18, capacity: 2);
        var child = new BrokerageChild(9, SettingKind.PrimarySchool);
        Assert.Equal("first", Brokerage.Choose("walsall", "walsall-west", [child], [first, second], NoLoads)!.LeadProfessional.Id);
        // 3 of 10 is a lighter load than 1 of 2.
        Assert.Equal("first", Brokerage.Choose("walsall", "walsall-west", [child], [first, second], new Dictionary<string, int> { ["first"] = 3, ["second"] = 1 })!.LeadProfessional.Id);
        Assert.Equal("second", Brokerage.Choose("walsall", "walsall-west", [child], [first, second], new Dictionary<string, int> { ["first"] = 6, ["second"] = 1 })!.LeadProfessional.Id);
    }

    [Fact]
    public void An_unknown_setting_excludes_nobody_and_the_reason_says_why_the_choice_was_made()
    {
        var match = Brokerage.Choose("walsall", "walsall-north", [new BrokerageChild(3, SettingKind.Unspecified)], Directory, new Dictionary<string, int> { ["hv"] = 1 });
        Assert.Equal("hv", match!.LeadProfessional.Id);
        Assert.Equal("Brokered in walsall-north: covers 1 of 1 children (ages 3), ages 0-4, settings none, early_years, holding 1 of 3 episodes", match.Reason);
    }
}
