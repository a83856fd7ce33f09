using Mash.Contracts.Intake.V1;
using Mash.Intake.Domain;
using Microsoft.EntityFrameworkCore;

namespace Mash.Intake.Data;

/// <summary>
/// Rows stored before given names joined the match key (migration 0006) have none yet: each is
/// filled in from its contact's stored request, so earlier children keep matching by name, birth
/// date and postcode. Runs at start-up, after the migrations; a second instance doing the same
/// writes the same values.
/// </summary>
public static class GivenNamesBackfill
{
    const int Batch = 200;

    public static async Task BackfillGivenNamesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IntakeDbContext>();
        var cancellationToken = app.Lifetime.ApplicationStopping;
        var filled = 0;
        while (true)
        {
            var contacts = await db.Contacts.Include(c => c.Children)
                .Where(c => c.Children.Any(child => child.GivenNamesKey == null))
                .OrderBy(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
            if (contacts.Count == 0) break;
            foreach (var contact in contacts)
            {
                var submitted = SubmitContactRequest.Parser.ParseFrom(contact.Request);
                foreach (var child in contact.Children.Where(c => c.GivenNamesKey is null))
                {
                    child.GivenNamesKey = ChildIdentity.KeyOf(submitted.Children.ElementAtOrDefault(child.ChildIndex)?.GivenNames ?? "");
                    filled++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        if (filled > 0)
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mash.Migrations")
                .LogInformation("Given names added to the match key of {Count} children stored before", filled);
    }
}
