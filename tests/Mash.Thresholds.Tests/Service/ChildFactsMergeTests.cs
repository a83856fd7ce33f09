using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Thresholds.Domain.Facts;
using Xunit;

namespace Mash.Thresholds.Tests.Service;

/// <summary>How a child's stored facts grow with agency indicators and added information.</summary>
public sealed class ChildFactsMergeTests
{
    static ConcernFact Concern(ConcernCategory category, ConcernSubject subject = ConcernSubject.ParentOrCarer) => new() { Category = category, Subject = subject };

    static ContactFacts Stored(params ConcernFact[] concerns) => ChildFactsMerge.ForChild(
        new ContactFacts
        {
            ReceivedAt = Timestamp.FromDateTime(new DateTime(2026, 6, 3, 10, 0, 0, DateTimeKind.Utc)),
            Children = { new ChildFacts { ChildId = "a", Concerns = { concerns } }, new ChildFacts { ChildId = "b" } },
        },
        new ChildFacts { ChildId = "a", Concerns = { concerns } });

    [Fact]
    public void Indicators_join_the_childs_concerns_once_each()
    {
        var merged = ChildFactsMerge.AddConcerns(Stored(Concern(ConcernCategory.DomesticAbuse)),
            [Concern(ConcernCategory.DomesticAbuse), Concern(ConcernCategory.Neglect), Concern(ConcernCategory.Neglect), Concern(ConcernCategory.Neglect, ConcernSubject.Child), new ConcernFact()]);

        Assert.Equal([(ConcernCategory.DomesticAbuse, ConcernSubject.ParentOrCarer), (ConcernCategory.Neglect, ConcernSubject.ParentOrCarer), (ConcernCategory.Neglect, ConcernSubject.Child)],
            merged.Children.Single().Concerns.Select(c => (c.Category, c.Subject)));
    }

    [Fact]
    public void New_facts_replace_the_childs_facts_but_keep_concerns_learnt_earlier_and_the_receipt_time()
    {
        var stored = ChildFactsMerge.AddConcerns(Stored(Concern(ConcernCategory.DomesticAbuse)), [Concern(ConcernCategory.Neglect)]);
        var incoming = new ContactFacts
        {
            ImmediateRisk = true,
            ReceivedAt = Timestamp.FromDateTime(new DateTime(2026, 6, 4, 9, 0, 0, DateTimeKind.Utc)),
            Children =
            {
                new ChildFacts { ChildId = "b" },
                new ChildFacts { ChildId = "a", AgeYears = 4, Concerns = { Concern(ConcernCategory.DomesticAbuse), Concern(ConcernCategory.MentalHealth) } },
            },
        };

        var updated = ChildFactsMerge.Update(stored, incoming, "a");

        Assert.NotNull(updated);
        var child = Assert.Single(updated.Children);
        Assert.Equal(("a", 4, true), (child.ChildId, child.AgeYears, updated.ImmediateRisk));
        Assert.Equal([ConcernCategory.DomesticAbuse, ConcernCategory.MentalHealth, ConcernCategory.Neglect], child.Concerns.Select(c => c.Category));
        Assert.Equal(stored.ReceivedAt, updated.ReceivedAt);
        Assert.Null(ChildFactsMerge.Update(stored, incoming, "c"));
    }
}
