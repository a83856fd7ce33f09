using System.Globalization;
using CsvHelper;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>
/// One row as an RFC 4180 line without its terminator: fields with a comma, a double quote or a
/// line break are quoted and inner quotes doubled (CsvHelper, rather than hand-written quoting).
/// A field that a spreadsheet would run as a formula (it begins with =, +, -, @, a tab or a carriage
/// return: OWASP's "CSV Injection") gets a single quote in front, so it shows as the text it is; an
/// organisation or team name comes from whoever recorded it. The structured cells of the export
/// stay as recorded: they are data for programs, and a quote added there would change the value.
/// </summary>
public static class CsvLine
{
    const string Terminator = "\r\n";

    static readonly CsvWriterOptions Options = new() { Mode = CsvMode.Rfc4180, NewLine = Terminator, Injection = CsvInjection.Escape };

    public static string Of(IEnumerable<string> cells)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, Options, leaveOpen: true))
        {
            foreach (var cell in cells) csv.WriteField(cell);
            csv.EndRecord();
        }
        // A line break inside a field is quoted, so the record's own terminator is the last two characters.
        var line = text.ToString();
        return line.EndsWith(Terminator, StringComparison.Ordinal) ? line[..^Terminator.Length] : line;
    }
}
