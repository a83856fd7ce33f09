namespace Mash.BuildingBlocks.ReferenceData;

/// <summary>
/// How long a clock allows: exactly one of elapsed hours, working hours (hours of working days
/// only, so a weekend or bank holiday does not eat into them), working days or the same working day.
/// </summary>
public sealed record Allowance(int? Hours = null, int? WorkingDays = null, bool SameWorkingDay = false, int? WorkingHours = null);
