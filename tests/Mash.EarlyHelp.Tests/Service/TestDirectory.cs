namespace Mash.EarlyHelp.Tests.Service;

/// <summary>
/// The lead professionals the service tests broker from: small capacities so that "nobody free"
/// is one episode away. Each locality serves one kind of test:
/// - walsall-north: a family hub worker (any age, 2 places), a health visitor (under five, 1) and
///   a primary school's safeguarding lead (4-11, 1): choices by age, setting and whole family;
/// - walsall-south: one primary safeguarding lead with 1 place: the panel queue;
/// - walsall-east: a family hub with room for everything else, and a secondary school's lead;
/// - walsall-west: a health visitor only: no one covers a schoolchild.
/// </summary>
public static class TestDirectory
{
    public const string NorthHub = "t-north-hub", NorthHealthVisitor = "t-north-hv", NorthPrimary = "t-north-primary";
    public const string SouthPrimary = "t-south-primary", EastHub = "t-east-hub", EastSchool = "t-east-school", WestHealthVisitor = "t-west-hv";
    public const string WolverhamptonHub = "t-wv-city-hub";

    public const string Walsall = """
        local_authority: walsall
        name: Test directory (fictional)
        lead_professionals:
          - { id: t-north-hub, name: Hub Worker (fictional), agency: t-north-family-hub, agency_name: North Family Hub (fictional), agency_kind: early_help, role: family support worker, locality: walsall-north, age_from: 0, age_to: 18, capacity: 2 }
          - { id: t-north-hv, name: Health Visitor (fictional), agency: t-health, agency_kind: health, role: health visitor, locality: walsall-north, age_from: 0, age_to: 4, settings: [none, early_years], capacity: 1 }
          - { id: t-north-primary, name: Primary Lead (fictional), agency: t-north-primary-school, agency_name: North Example Primary (fictional), agency_kind: education, role: designated safeguarding lead, locality: walsall-north, age_from: 4, age_to: 11, settings: [primary_school], capacity: 1 }
          - { id: t-south-primary, name: South Primary Lead (fictional), agency: t-south-primary-school, agency_kind: education, role: designated safeguarding lead, locality: walsall-south, age_from: 4, age_to: 11, settings: [primary_school], capacity: 1 }
          - { id: t-east-hub, name: East Hub Worker (fictional), agency: t-east-family-hub, agency_name: East Family Hub (fictional), agency_kind: early_help, role: family support worker, locality: walsall-east, age_from: 0, age_to: 18, capacity: 50 }
          - { id: t-east-school, name: East School Lead (fictional), agency: t-east-school, agency_kind: education, role: designated safeguarding lead, locality: walsall-east, age_from: 11, age_to: 18, settings: [secondary_school], capacity: 5 }
          - { id: t-west-hv, name: West Health Visitor (fictional), agency: t-health, agency_kind: health, role: health visitor, locality: walsall-west, age_from: 0, age_to: 4, capacity: 5 }
        """;

    public const string Wolverhampton = """
        local_authority: wolverhampton
        lead_professionals:
          - { id: t-wv-city-hub, name: City Hub Worker (fictional), agency: t-wv-hub, agency_kind: early_help, role: family support worker, locality: wolverhampton-city, age_from: 0, age_to: 18, capacity: 5 }
        """;
}
