using Mash.Audit.Domain.Clocks;
using Mash.Contracts.Common.V1;
using Xunit;

namespace Mash.Audit.Tests.Domain;

public class ClockRowsAheadTests
{
    static readonly DateTimeOffset At = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    static ClockSubject Child(string id) => new(ContactId: "contact", ChildIds: [id]);

    [Fact]
    public void Rows_a_change_creates_are_created_once_in_id_order_with_the_first_changes_kind()
    {
        var ahead = ClockRowsAhead.Of(
        [
            new StartClock("b-seen", ClockKind.ChildSeen, Child("b"), At, At.AddDays(5)),
            new SetDeadline("a-decision", ClockKind.MashDecision, Child("a"), At.AddDays(1), Evaluation: 1),
            new StopClock("b-seen", ClockKind.ChildSeen, At, Child("b")),
            new CancelClock("c-checks", ClockKind.AgencyCheckAnswered, At, Child("c")),
            new RecordAlert("d-lead", ClockKind.LeadProfessionalAllocated, Child("d"), At, At.AddDays(2), Breached: false, RaisedAt: At),
        ]);

        Assert.Equal(
        [
            ("a-decision", ClockKind.MashDecision, true),
            ("b-seen", ClockKind.ChildSeen, true),
            ("c-checks", ClockKind.AgencyCheckAnswered, true),
            ("d-lead", ClockKind.LeadProfessionalAllocated, false),
        ], ahead.Created);
    }

    [Fact]
    public void A_clock_a_case_s_own_replaces_is_looked_for_without_being_made()
    {
        var ahead = ClockRowsAhead.Of(
        [
            new RetireClock("z-legacy", ClockKind.ChildSeen, At),
            new RetireClock("y-seen", ClockKind.ChildSeen, At),
            new StartClock("y-seen", ClockKind.ChildSeen, Child("y"), At, At.AddDays(5)),
        ]);

        Assert.Equal(["y-seen"], ahead.Created.Select(c => c.ClockId));
        Assert.Equal(["z-legacy"], ahead.Existing);
    }

    [Fact]
    public void Case_clocks_of_one_child_and_a_change_of_holder_take_their_childs_case_lock_once_in_order()
    {
        var ahead = ClockRowsAhead.Of(
        [
            new StartClock("s2", ClockKind.StrategyDiscussion, Child("child-2"), At, At.AddDays(3)),
            new StartClock("s1", ClockKind.ChildSeen, Child("child-1"), At, At.AddDays(5)),
            new HoldClocks([ClockKind.ChildSeen], "contact", "child-2", "team", "allocation", At),
            new StartClock("m", ClockKind.MashDecision, Child("child-3"), At, At.AddDays(1)),
            new StartClock("s4", ClockKind.ChildSeen, new ClockSubject(ChildIds: ["child-4", "child-5"]), At, At.AddDays(5)),
        ]);

        Assert.Equal(["child-1", "child-2"], ahead.Cases);
    }
}
