using Mash.Console.Errors;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Mash.Console.Forms;

/// <summary>
/// Ties an input to the API's name for it (<c>mash-field="children[0].address.postcode"</c>): its id, and
/// when the service refused that field, aria-invalid and aria-describedby pointing at the message (kept after
/// a hint the control is already described by).
/// Several paths may be given, separated by commas, when one input answers for more than one field.
/// </summary>
[HtmlTargetElement("input", Attributes = "mash-field")]
[HtmlTargetElement("select", Attributes = "mash-field")]
[HtmlTargetElement("textarea", Attributes = "mash-field")]
public sealed class FieldTagHelper : TagHelper
{
    [HtmlAttributeName("mash-field")] public string Field { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    // After asp-for, so the API's path decides the id the label and the error summary point at.
    public override int Order => 10;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var paths = FieldPaths.Split(Field);
        var id = FieldPaths.IdOf(ViewContext, paths[0]);
        output.Attributes.SetAttribute("id", id);
        if (FieldPaths.ErrorsOf(ViewContext).For(paths).Count == 0) return;
        output.Attributes.SetAttribute("aria-invalid", "true");
        // After the hint the page gave, as GOV.UK Frontend orders them: the question's hint, then what went wrong.
        var hint = output.Attributes["aria-describedby"]?.Value?.ToString();
        output.Attributes.SetAttribute("aria-describedby", string.IsNullOrWhiteSpace(hint) ? id + "-error" : $"{hint} {id}-error");
        output.AddClass($"govuk-{(output.TagName == "input" ? "input" : output.TagName)}--error", System.Text.Encodings.Web.HtmlEncoder.Default);
    }
}

/// <summary>A label for the input with that API path: <c>&lt;label mash-for="narrative"&gt;</c>.</summary>
[HtmlTargetElement("label", Attributes = "mash-for")]
public sealed class FieldLabelTagHelper : TagHelper
{
    [HtmlAttributeName("mash-for")] public string Field { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        output.Attributes.SetAttribute("for", FieldPaths.IdOf(ViewContext, FieldPaths.Split(Field)[0]));
}

/// <summary>The service's message for a field, next to it: <c>&lt;mash-error path="narrative" /&gt;</c>; nothing when it was accepted.</summary>
[HtmlTargetElement("mash-error", Attributes = "path", TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("path")] public string Path { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var paths = FieldPaths.Split(Path);
        var messages = FieldPaths.ErrorsOf(ViewContext).For(paths);
        if (messages.Count == 0) { output.SuppressOutput(); return; }
        output.TagName = "p";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "govuk-error-message");
        output.Attributes.SetAttribute("id", FieldPaths.IdOf(ViewContext, paths[0]) + "-error");
        output.Content.SetHtmlContent("<span class=\"govuk-visually-hidden\">Error:</span> ");
        output.Content.Append(string.Join("; ", messages));
    }
}

/// <summary>
/// A GOV.UK form group for the fields with those API paths: <c>&lt;div mash-group="narrative"&gt;</c>. It takes
/// the error state (the red bar beside the question) when the service refused one of them.
/// </summary>
[HtmlTargetElement("div", Attributes = "mash-group")]
public sealed class FormGroupTagHelper : TagHelper
{
    [HtmlAttributeName("mash-group")] public string Fields { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.AddClass("govuk-form-group", System.Text.Encodings.Web.HtmlEncoder.Default);
        if (FieldPaths.ErrorsOf(ViewContext).For(FieldPaths.Split(Fields)).Count > 0)
            output.AddClass("govuk-form-group--error", System.Text.Encodings.Web.HtmlEncoder.Default);
    }
}

/// <summary>
/// A page with several forms that share API field names (two "reason"s, two "note"s) names the form
/// being rendered in <c>ViewData["Form"]</c>: its ids then start with the form's name, and it shows
/// the service's errors only if it was the form posted.
/// </summary>
public static class FieldPaths
{
    public const string FormKey = "Form";

    public static string[] Split(string paths) => paths.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    static string FormOf(ViewContext view) => view.ViewData[FormKey] as string ?? "";

    public static FormErrors ErrorsOf(ViewContext view) =>
        (view.ViewData.Model as IFormPage ?? view.ViewData[FormPageFilter.Key] as IFormPage) is { } page && (FormOf(view) is "" || FormOf(view) == page.PostedForm)
            ? page.Errors : FormErrors.None;

    public static string IdOf(ViewContext view, string path) => IdOf(FormOf(view), path);

    public static string IdOf(string form, string path) => form.Length == 0 ? FormErrors.FieldId(path) : $"{form}-{FormErrors.FieldId(path)}";
}
