using Mash.Console.Clients;
using Mash.Console.Errors;
using Mash.Console.Hosting;
using Mash.Console.SignIn;

var builder = WebApplication.CreateBuilder(args);
builder.AddConsoleHosting(defaultPort: 5100);
builder.AddConsoleSignIn();
builder.AddMashClients();
builder.AddConsolePages();

var app = builder.Build();
app.UseConsoleErrors();
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.MapConsolePages();
await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
