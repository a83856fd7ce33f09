using System.Text.RegularExpressions;
using Mash.BuildingBlocks.Identity;
using Mash.Console.Errors;
using Mash.Console.SignIn;
using Mash.Contracts.Common.V1;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Account;

/// <summary>The chosen identity on the development form.</summary>
public sealed class SignInChoice
{
    public string Role { get; set; } = "screener";
    public string Agency { get; set; } = "";
    public string Authority { get; set; } = "walsall";
    public string Subject { get; set; } = "";
}

/// <summary>
/// Production: straight to the OIDC issuer. Development: a form choosing role, agency and authority.
/// The form is refused (404) in any environment but Development, whatever the configuration says.
/// </summary>
public sealed partial class SignInModel(SignInMode mode, IHostEnvironment environment, TimeProvider time, ILogger<SignInModel> log) : PageModel, IFormPage
{
    [BindProperty] public SignInChoice Choice { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public FormErrors Errors { get; private set; } = FormErrors.None;

    public IEnumerable<(string Value, string Label)> RoleChoices =>
        new[] { Role.Partner, Role.Screener, Role.Manager, Role.Auditor }.Select(r => (MashClaims.Name(r), Display.Labels.Of(r)));

    bool FormAllowed => mode.DevelopmentForm && environment.IsDevelopment();

    public IActionResult OnGet()
    {
        if (mode.UsesOidc) return Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl() });
        return FormAllowed ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!FormAllowed) return NotFound();
        var role = Choice.Role switch { "partner" => Role.Partner, "screener" => Role.Screener, "manager" => Role.Manager, "auditor" => Role.Auditor, _ => Role.Unspecified };
        var errors = new FormErrors();
        if (role == Role.Unspecified) errors.Add("role", "choose a role");
        var agency = Choice.Agency.Trim();
        if (role == Role.Partner && !AgencyId().IsMatch(agency)) errors.Add("agency", "a partner needs its agency id: lower-case letters, digits and hyphens");
        if (role != Role.Partner) agency = "";
        if (!DevelopmentSignIn.Authorities.Contains(Choice.Authority)) errors.Add("authority", "choose a local authority");
        if (!Regex.IsMatch(Choice.Subject.Trim(), "^[A-Za-z0-9._-]{0,64}$")) errors.Add("subject", "letters, digits, dots, hyphens and underscores only");
        if (errors.Any) { Errors = errors; return Page(); }

        var (user, properties) = DevelopmentSignIn.Create(mode, new DevelopmentUser(role, agency, Choice.Authority, Choice.Subject.Trim()), time.GetUtcNow().UtcDateTime);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, user, properties);
        log.LogInformation("Development sign-in as {Role} (agency {Agency}) in {Authority}", Choice.Role, agency, Choice.Authority);
        return LocalRedirect(ReturnUrl is { Length: > 0 } && Url.IsLocalUrl(ReturnUrl) && ReturnUrl != "/" ? ReturnUrl : Roles.Home(role));
    }

    string SafeReturnUrl() => ReturnUrl is { Length: > 0 } && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";

    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex AgencyId();
}
