using Mash.Contracts.Common.V1;

namespace Mash.Console.Display;

/// <summary>
/// A step of a case or an episode as the GOV.UK task list shows it: its name, where on the page it is
/// done (empty when not from here), and its status in words.
/// </summary>
public sealed record TaskItem(string Name, string Anchor, StepStatus Status, string Hint = "")
{
    /// <summary>A step whose deadline is a statutory clock: its state says where the step stands.</summary>
    public static TaskItem OfClock(string name, Clock? clock, string anchor) => new(name, anchor, clock switch
    {
        null => StepStatus.CannotStartYet,
        { State: ClockState.Met } => StepStatus.Completed,
        { State: ClockState.Missed } => StepStatus.CompletedLate,
        { State: ClockState.Cancelled } => StepStatus.NotNeeded,
        { State: ClockState.Breached } => StepStatus.Overdue,
        _ => StepStatus.ToDo,
    }, clock?.DueAt is { } due && Mash.BuildingBlocks.ReferenceData.ClockStates.IsRunning(clock.State) ? $"Due {LondonTime.Format(due)}" : "");
}

public enum StepStatus { ToDo, Overdue, Completed, CompletedLate, NotNeeded, CannotStartYet }
