using Mash.Audit.Domain.Reports;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Reports.Tests.Domain;

public sealed class ReportAccessTests
{
    static Actor Staff(Role role, string authority = "walsall") => new() { Subject = "s", Role = role, LocalAuthority = authority };

    static Actor Partner(string agency) => new() { Subject = "p", Role = Role.Partner, Agency = agency, LocalAuthority = "walsall" };

    [Fact]
    public void Staff_read_their_own_authority_whether_they_name_it_or_not()
    {
        Assert.Equal(new ReportScope("walsall", ""), ReportAccess.OwnAuthority(Staff(Role.Manager), ""));
        Assert.Equal(new ReportScope("walsall", ""), ReportAccess.OwnAuthority(Staff(Role.Auditor), "walsall"));
        Assert.NotNull(ReportAccess.OwnAuthority(Staff(Role.Manager), "wolverhampton").Refusal);
        Assert.NotNull(ReportAccess.OwnAuthority(Staff(Role.Manager, authority: ""), "").Refusal);
        Assert.NotNull(ReportAccess.OwnAuthority(Partner("wmp"), "walsall").Refusal);
    }

    [Fact]
    public void A_partner_reads_its_own_agency_in_every_authority_and_never_another_agency()
    {
        Assert.Equal(new ReportScope("", "wmp"), ReportAccess.ReferrerFeedback(Partner("wmp"), "", ""));
        Assert.Equal(new ReportScope("wolverhampton", "wmp"), ReportAccess.ReferrerFeedback(Partner("wmp"), "wolverhampton", "wmp"));
        Assert.NotNull(ReportAccess.ReferrerFeedback(Partner("wmp"), "", "st-marys").Refusal);
        Assert.NotNull(ReportAccess.ReferrerFeedback(Partner(""), "", "").Refusal);
    }

    [Fact]
    public void Staff_read_feedback_for_any_agency_of_their_authority_only()
    {
        Assert.Equal(new ReportScope("walsall", "st-marys"), ReportAccess.ReferrerFeedback(Staff(Role.Manager), "", "st-marys"));
        Assert.NotNull(ReportAccess.ReferrerFeedback(Staff(Role.Auditor), "wolverhampton", "").Refusal);
    }
}
