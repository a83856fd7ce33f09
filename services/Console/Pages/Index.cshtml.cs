using Mash.BuildingBlocks.Identity;
using Mash.Console.SignIn;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Mash.Console.Pages;

/// <summary>Each role starts where its work is: partners their contacts, screeners the queue, managers the overview.</summary>
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(Roles.Home(User.RoleOf()));
}
