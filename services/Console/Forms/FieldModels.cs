namespace Mash.Console.Forms;

/// <summary>Rows of concerns in a form: the posted name (Answer.Indicators), the API's path (indicators) and the label of a row.</summary>
public sealed record ConcernRows(string Name, string Path, IReadOnlyList<ConcernInput> Rows, string RowLabel);

/// <summary>A GOV.UK date input: the posted name, the API's path, its label and hint.</summary>
public sealed record DateField(string Name, string Path, string Label, string Hint, DateInput Value);

/// <summary>A date and a time (London): the posted name, the API's path, its label.</summary>
public sealed record DateTimeField(string Name, string Path, string Label, DateTimeInput Value);
