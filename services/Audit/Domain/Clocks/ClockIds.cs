using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Common.V1;

namespace Mash.Audit.Domain.Clocks;

/// <summary>
/// Clock ids say what the clock is about, so every event that touches a clock finds it by its own
/// ids: a child's MASH decision by kind, contact and child; a case's statutory clocks by kind and
/// the id allocation gave the clock; an agency check's by the check; an early help episode's by
/// the episode.
/// </summary>
public static class ClockIds
{
    public static string Kind(ClockKind kind) => EnumNames<ClockKind>.Instance.NameOf(kind);

    /// <summary>A child's clock on a contact ("-" when the event did not say which contact).</summary>
    public static string ForChild(ClockKind kind, string contactId, string childId) =>
        $"{Kind(kind)}/{(contactId.Length > 0 ? contactId : "-")}/{childId}";

    public static string ForSubject(ClockKind kind, string subjectId) => $"{Kind(kind)}/{subjectId}";
}
