using Mash.BuildingBlocks.ReferenceData;

namespace Mash.EarlyHelp.Domain;

/// <summary>Enum values as people read them in reasons and messages (seed-file names: <c>primary_school</c>).</summary>
static class Names
{
    public static string Of<T>(T value) where T : struct, Enum => EnumNames<T>.Instance.NameOf(value);
}
