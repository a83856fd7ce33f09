using Grpc.Core;
using Mash.Contracts.Audit.V1;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Audit.Reports.Tests.Service;

/// <summary>
/// Annex A lists 1-3 and 5 of the hand-counted fixture, as of 31 March 2026 (six months back: from 30
/// September 2025), streamed by a real audit process.
/// </summary>
[Collection(AuditCollection.Name)]
public sealed class AnnexATests(AuditHost host)
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly Date AsOf = new() { Year = 2026, Month = 3, Day = 31 };

    async Task<List<ExportAnnexAResponse>> ExportAsync(AnnexAList list, Role role = Role.Auditor)
    {
        // A partner's sign-in always names its agency: one without is refused before any role check.
        using var call = host.ClientAs(role, agency: role == Role.Partner ? "wmp" : "").ExportAnnexA(new ExportAnnexARequest { List = list, AsOf = AsOf }, cancellationToken: Cancel);
        var rows = new List<ExportAnnexAResponse>();
        await foreach (var row in call.ResponseStream.ReadAllAsync(Cancel)) rows.Add(row);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.RowNumber));
        Assert.All(rows, r => Assert.Equal(list, r.List));
        return rows;
    }

    [Fact]
    public async Task List_1_has_a_row_per_child_of_every_contact_of_the_six_months()
    {
        var rows = await ExportAsync(AnnexAList.Contacts);

        Assert.Equal(["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"], rows[0].Cells);
        // By receipt: C0c a1, C0 k1, C7 e1, C1 a1 a2, C2 b1, C3 b2, C4 b3, C5 k1, C6 d1, C8 e2 e3,
        // C9 e4, C12 p1, C10 e5, C11 e6 = 16 (C0d is before 30 Sep 2025; C13 is Wolverhampton's).
        Assert.Equal(["a1", "k1", "e1", "a1", "a2", "b1", "b2", "b3", "k1", "d1", "e2", "e3", "e4", "p1", "e5", "e6"], rows.Skip(1).Select(r => r.Cells[0]));
        Assert.Equal(["a1", "b) Female", "a) WBRI", "14/03/2019", "7", "20/11/2025", "q) 6: Police"], rows[1].Cells);
        Assert.Equal(["e1", "b) Female", "o) BAFR", "07/07/2018", "7", "02/03/2026", "e) 2A: Schools"], rows[3].Cells);
        Assert.Equal(["b2", "a) Male", "u) UNKNOWN", "02/02/2014", "12", "04/03/2026", "q) 6: Police"], rows[7].Cells);
        Assert.Equal(["p1", "b) Female", "a) WBRI", "02/02/2020", "6", "12/03/2026", "t) 9: Anonymous"], rows[14].Cells);
        // Unborn (expected 1 May 2026): no age yet; received 23:30 GMT on the 13th.
        Assert.Equal(["e5", "c) Not stated/recorded", "u) UNKNOWN", "01/05/2026", "", "13/03/2026", "e) 2A: Schools"], rows[15].Cells);
        Assert.Equal("e5,c) Not stated/recorded,u) UNKNOWN,01/05/2026,,13/03/2026,e) 2A: Schools", rows[15].CsvLine);
    }

    [Fact]
    public async Task List_2_has_the_episodes_open_in_the_six_months_with_their_latest_assessment()
    {
        var rows = await ExportAsync(AnnexAList.EarlyHelp);

        Assert.Equal(["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Assessment start date", "Assessment completion date", "Organisation completing assessment"], rows[0].Cells);
        // By opening: EP4 b2 (1 May 2025, still open), EP2 e1 (closed 25 Mar), EP1 k1 (assessed 20 Mar).
        // EP3 closed on 1 Aug 2025, before the look-back; EP5 is Wolverhampton's.
        Assert.Equal(4, rows.Count);
        Assert.Equal(["b2", "a) Male", "u) UNKNOWN", "02/02/2014", "12", "01/05/2025", "", ""], rows[1].Cells);
        Assert.Equal(["e1", "b) Female", "o) BAFR", "07/07/2018", "7", "02/03/2026", "", ""], rows[2].Cells);
        Assert.Equal(["k1", "a) Male", "a) WBRI", "01/06/2015", "10", "06/03/2026", "20/03/2026", "St Mary's, Walsall"], rows[3].Cells);
        Assert.Equal("k1,a) Male,a) WBRI,01/06/2015,10,06/03/2026,20/03/2026,\"St Mary's, Walsall\"", rows[3].CsvLine);
    }

    [Fact]
    public async Task A_cell_a_spreadsheet_would_run_as_a_formula_is_quoted_in_the_CSV_line_and_kept_as_recorded_in_the_cells()
    {
        using var call = host.ClientAs(Role.Auditor, authority: "wolverhampton").ExportAnnexA(new ExportAnnexARequest { List = AnnexAList.EarlyHelp, AsOf = AsOf }, cancellationToken: Cancel);
        var rows = new List<ExportAnnexAResponse>();
        await foreach (var row in call.ResponseStream.ReadAllAsync(Cancel)) rows.Add(row);

        var w1 = Assert.Single(rows, r => r.Cells[0] == "w1");
        Assert.Equal(ReportFixture.HostileOrganisation, w1.Cells[7]);
        Assert.EndsWith(",16/03/2026,\"'=HYPERLINK(\"\"http://attacker.example\"\",\"\"Click\"\")\"", w1.CsvLine);
    }

    [Fact]
    public async Task List_3_has_the_census_referrals_with_earlier_referrals_NFA_team_and_worker()
    {
        var viewed = await host.CaptureAsync<RecordViewed>();
        var rows = await ExportAsync(AnnexAList.Referrals);

        Assert.Equal(["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of referral", "Referral Source", "Referral NFA?",
            "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"], rows[0].Cells);
        // C0c a1 (no earlier referral; strategy NFA but then assessed); C1 a1 (C0c within 12 months; closed NFA at the strategy
        // discussion; reallocated to w-2); C1 a2 (C0d is older than 12 months; assessed; the routing
        // named no source, so the contact's); C12 p1 (queued, no worker). e4 was already open.
        Assert.Equal(5, rows.Count);
        Assert.Equal(["a1", "b) Female", "a) WBRI", "14/03/2019", "7", "20/11/2025", "q) 6: Police", "b) No", "0", "walsall-north-cin", "w-9"], rows[1].Cells);
        Assert.Equal(["a1", "b) Female", "a) WBRI", "14/03/2019", "7", "02/03/2026", "q) 6: Police", "a) Yes", "1", "walsall-south-cp", "w-2"], rows[2].Cells);
        Assert.Equal(["a2", "a) Male", "a) WBRI", "01/09/2017", "8", "02/03/2026", "q) 6: Police", "b) No", "0", "walsall-south-cin", "w-1"], rows[3].Cells);
        Assert.Equal(["p1", "b) Female", "a) WBRI", "02/02/2020", "6", "12/03/2026", "t) 9: Anonymous", "b) No", "0", "walsall-south-cp", ""], rows[4].Cells);

        // An export shows children one by one: one RecordViewed names them all and the list.
        var record = (await host.CollectAsync<RecordViewed>(viewed, v => v.ResourceId.StartsWith("annex-a/Referrals/", StringComparison.Ordinal), 1, "the export's RecordViewed")).Single();
        Assert.Equal(["a1", "a2", "p1"], record.ChildIds.Order());
        Assert.Equal(("audit", "mash.audit.v1.AuditService/ExportAnnexA", "annex-a/Referrals/walsall/2025-09-30..2026-03-31"), (record.Service, record.Method, record.ResourceId));
        Assert.Equal((Role.Auditor, "walsall"), (record.Header.Actor.Role, record.Header.LocalAuthority));
    }

    [Fact]
    public async Task List_5_has_a_row_per_section_47_enquiry_of_the_six_months_with_its_conference()
    {
        var rows = await ExportAsync(AnnexAList.Section47);

        Assert.Equal(["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Does the Child have a Disability",
            "Strategy discussion initiating Section 47 Enquiry Start Date", "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference", "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months", "Number of ICPCs in the last 12 months", "Allocated Team", "Allocated Worker"], rows[0].Cells);
        // C1 a2: s47 on 3 Mar, then assessed to a CIN plan (no conference needed); its s47 and ICPC
        // of April 2025 (C0d, before the look-back) are within the 12 months before. C12 p1: s47 on
        // 12 Mar, conference on 26 Mar made a plan; queued, so no worker. Not listed: a1's strategy
        // discussions decided NFA (C0c, C1), and C0d's enquiry is before 30 Sep 2025.
        Assert.Equal(3, rows.Count);
        Assert.Equal(["a2", "a) Male", "a) WBRI", "01/09/2017", "8", "b) No", "03/03/2026", "a) Yes", "", "", "1", "1", "walsall-south-cin", "w-1"], rows[1].Cells);
        Assert.Equal(["p1", "b) Female", "a) WBRI", "02/02/2020", "6", "a) Yes", "12/03/2026", "b) No", "26/03/2026", "a) Yes", "0", "0", "walsall-south-cp", ""], rows[2].Cells);
    }

    [Fact]
    public async Task Only_managers_and_auditors_export_and_a_list_must_be_chosen()
    {
        foreach (var role in new[] { Role.Partner, Role.Screener })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => ExportAsync(AnnexAList.Contacts, role));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }

        using var call = host.ClientAs(Role.Manager).ExportAnnexA(new ExportAnnexARequest { AsOf = AsOf, From = new Date { Year = 2026, Month = 4, Day = 1 } }, cancellationToken: Cancel);
        var bad = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(Cancel));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal(["list", "from"], bad.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field));
    }
}
