using Mash.Console.SignIn;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages.Account;

public sealed class SignOutModel(SignInMode mode) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public IActionResult OnPost() => mode.UsesOidc
        ? SignOut(new AuthenticationProperties { RedirectUri = "/" }, CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme)
        : SignOut(new AuthenticationProperties { RedirectUri = "/account/signin" }, CookieAuthenticationDefaults.AuthenticationScheme);
}
