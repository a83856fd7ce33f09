using Mash.BuildingBlocks.Messaging.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Mash.EarlyHelp.Data;

public sealed class EarlyHelpDbContext(DbContextOptions<EarlyHelpDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model) => model.AddOutboxAndInbox();
}
