using Google.Rpc;
using Grpc.Core;

namespace Mash.Console.Errors;

/// <summary>
/// What the services said was wrong with a form, by the field paths they name (children[0].address.postcode):
/// the console repeats the API's own messages next to the fields instead of validating a second time.
/// </summary>
public sealed class FormErrors
{
    readonly List<(string Field, string Message)> _fields = [];
    readonly List<string> _general = [];

    public static readonly FormErrors None = new();

    public IReadOnlyList<(string Field, string Message)> Fields => _fields;
    public IReadOnlyList<string> General => _general;
    public bool Any => _fields.Count > 0 || _general.Count > 0;

    /// <summary>The messages for any of the given field paths (a field may answer for more than one path).</summary>
    public IReadOnlyList<string> For(params string[] paths) => _fields.Where(f => paths.Contains(f.Field)).Select(f => f.Message).ToList();

    public FormErrors Add(string field, string message) { _fields.Add((field, message)); return this; }

    public FormErrors AddGeneral(string message) { _general.Add(message); return this; }

    /// <summary>Whether a failed call is about what the user entered (shown on the form) rather than a page-level problem.</summary>
    public static bool IsAboutTheForm(RpcException error) =>
        error.StatusCode is StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.AlreadyExists or StatusCode.ResourceExhausted;

    public static FormErrors From(RpcException error)
    {
        var errors = new FormErrors();
        var status = error.GetRpcStatus();
        if (status?.GetDetail<BadRequest>() is { FieldViolations.Count: > 0 } badRequest)
            foreach (var violation in badRequest.FieldViolations) errors.Add(violation.Field, violation.Description);
        else
            errors.AddGeneral(error.Status.Detail);
        if (status?.GetDetail<RetryInfo>() is { RetryDelay: { } delay })
            errors.AddGeneral($"Try again in {Math.Ceiling(delay.ToTimeSpan().TotalSeconds)} seconds.");
        return errors;
    }

    /// <summary>The element id of a field path: children[0].address.postcode → f-children-0-address-postcode.</summary>
    public static string FieldId(string path)
    {
        var id = new System.Text.StringBuilder("f-");
        foreach (var c in path)
            id.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '-');
        return id.ToString().Replace("--", "-").TrimEnd('-');
    }
}

/// <summary>A page with a form whose errors the field tag helpers show.</summary>
public interface IFormPage
{
    FormErrors Errors { get; }

    /// <summary>On a page of several forms, the one whose errors these are (see FieldPaths).</summary>
    string PostedForm => "";
}
