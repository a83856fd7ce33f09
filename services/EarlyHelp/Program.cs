using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("earlyhelp", defaultPort: 5103);
builder.AddMashIdentity(Access.Service, Access.Methods);
builder.AddServiceDatabase<EarlyHelpDbContext>();
builder.AddMessaging<EarlyHelpDbContext>("earlyhelp");

var app = builder.Build();
app.UseMashIdentity();
app.MapGrpcService<EarlyHelpServiceGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<EarlyHelpDbContext>();
await app.RunAsync();
