using Mash.Console.SignIn;

namespace Mash.Console.Hosting;

public static class PagesExtensions
{
    /// <summary>
    /// Razor Pages, one folder per audience. The folders' policies only choose what each role is offered;
    /// the services decide what each call may return. Anti-forgery tokens are on every form (the default).
    /// </summary>
    public static WebApplicationBuilder AddConsolePages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Staff", Roles.Staff);
            o.Conventions.AuthorizeFolder("/EarlyHelp", Roles.Staff);
            o.Conventions.AuthorizeFolder("/Cases", Roles.Staff);
            o.Conventions.AuthorizeFolder("/Manager", Roles.Managers);
            o.Conventions.AuthorizeFolder("/Partner", Roles.Partners);
            o.Conventions.AllowAnonymousToFolder("/Account");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.ConfigureFilter(new Forms.FormPageFilter());
        }).AddMvcOptions(o => o.ModelMetadataDetailsProviders.Add(new Forms.KeepEmptyStrings()));
        return builder;
    }

    public static WebApplication MapConsolePages(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        return app;
    }
}
