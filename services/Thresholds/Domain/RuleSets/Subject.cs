using System.Runtime.CompilerServices;
using Mash.Contracts.Common.V1;

namespace Mash.Thresholds.Domain.RuleSets;

/// <summary>
/// What the conditions read for one child: the contact, the child, and the child's concerns
/// pre-indexed once per evaluation so that each condition is a few comparisons.
/// </summary>
public readonly struct Subject
{
    private readonly ConcernMasks _bySubject;

    public Subject(ContactFacts contact, ChildFacts child)
    {
        Contact = contact;
        Child = child;
        var all = UInt128.Zero;
        var bySubject = new ConcernMasks();
        var concerns = child.Concerns;
        for (var i = 0; i < concerns.Count; i++)
        {
            var bit = Bits.Of((int)concerns[i].Category);
            if (bit == UInt128.Zero || concerns[i].Category == ConcernCategory.Unspecified) continue;
            all |= bit;
            var who = (int)concerns[i].Subject;
            if ((uint)who < ConcernMasks.Length) bySubject[who] |= bit;
        }
        Concerns = all;
        _bySubject = bySubject;
        ConcernCount = (int)UInt128.PopCount(all);
        Unborn = child.BirthCase == ChildFacts.BirthOneofCase.ExpectedDateOfBirth;
    }

    public ContactFacts Contact { get; }
    public ChildFacts Child { get; }

    /// <summary>One bit per concern category the child has (bit n = ConcernCategory value n).</summary>
    public UInt128 Concerns { get; }

    /// <summary>Distinct concern categories.</summary>
    public int ConcernCount { get; }

    public bool Unborn { get; }

    /// <summary>The categories the child has with the given ConcernSubject (as an int).</summary>
    public UInt128 ConcernsAbout(int concernSubject) =>
        (uint)concernSubject < ConcernMasks.Length ? _bySubject[concernSubject] : UInt128.Zero;

    [InlineArray(Length)]
    private struct ConcernMasks
    {
        public const int Length = 8;
        private UInt128 _first;
    }
}

/// <summary>Bit sets of small enum values (concern categories, referral sources, ...).</summary>
public static class Bits
{
    public const int Capacity = 128;

    /// <summary>The bit of an enum value; zero for a value no mask can hold.</summary>
    public static UInt128 Of(int value) => (uint)value < Capacity ? UInt128.One << value : UInt128.Zero;

    public static bool Has(UInt128 mask, int value) => (mask & Of(value)) != UInt128.Zero;

    public static int Count(UInt128 mask) => (int)UInt128.PopCount(mask);

    internal static IEnumerable<int> Values(UInt128 mask)
    {
        for (var i = 0; i < Capacity; i++)
            if ((mask & (UInt128.One << i)) != UInt128.Zero) yield return i;
    }
}
