using Mash.Audit.Clocks;
using Mash.Audit.Data;
using Xunit;

namespace Mash.Audit.Tests.Domain;

/// <summary>The case a clock's start takes its locality and holder from, chosen as the clock book's SQL chooses it.</summary>
public class CaseLookupsTests
{
    static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    static ClockRecord Clock(string id, string contact = "c1", string child = "x", string locality = "walsall-south", DateTimeOffset? startedAt = null, string heldBy = "") =>
        new() { ClockId = id, ContactId = contact, ChildIds = [child], Locality = locality, StartedAt = startedAt, HeldBy = heldBy };

    static ClockHolder Hold(string contact, string heldBy, DateTimeOffset at, string child = "x") =>
        new() { ChildId = child, ContactId = contact, HeldBy = heldBy, SubjectId = "al-" + heldBy, HeldAt = at };

    [Fact]
    public void The_sibling_is_the_latest_started_clock_of_the_same_contact_and_child_with_a_locality()
    {
        var icpc = Clock("icpc", locality: "");
        var sibling = CaseLookups.Sibling(icpc,
        [
            icpc,
            Clock("seen", startedAt: At, heldBy: "w-1"),
            Clock("strategy", startedAt: At.AddHours(1), heldBy: "w-2"),
            Clock("other-contact", contact: "c2", startedAt: At.AddHours(2)),
            Clock("other-child", child: "y", startedAt: At.AddHours(2)),
            Clock("no-locality", locality: "", startedAt: At.AddHours(2)),
        ]);

        Assert.Equal("strategy", sibling?.ClockId);
    }

    [Fact]
    public void A_sibling_not_started_yet_comes_first_as_in_postgresql_s_descending_order()
    {
        var sibling = CaseLookups.Sibling(Clock("icpc", locality: ""), [Clock("seen", startedAt: At), Clock("early-stop", startedAt: null)]);

        Assert.Equal("early-stop", sibling?.ClockId);
    }

    [Fact]
    public void No_sibling_when_only_the_clock_itself_or_other_cases_are_there()
    {
        var icpc = Clock("icpc");

        Assert.Null(CaseLookups.Sibling(icpc, [icpc, Clock("other", contact: "c2", startedAt: At)]));
    }

    [Fact]
    public void The_holder_named_for_the_contact_wins_over_a_later_one_named_without_a_contact_and_the_latest_wins_among_equals()
    {
        var clock = Clock("seen");

        Assert.Equal("w-2", CaseLookups.Holder(clock, [Hold("c1", "w-1", At), Hold("c1", "w-2", At.AddHours(1)), Hold("", "w-3", At.AddHours(2))])?.HeldBy);
        Assert.Equal("w-3", CaseLookups.Holder(clock, [Hold("", "w-3", At), Hold("c2", "w-4", At.AddHours(1)), Hold("c1", "w-5", At, child: "y")])?.HeldBy);
        Assert.Null(CaseLookups.Holder(clock, [Hold("c2", "w-4", At)]));
    }
}
