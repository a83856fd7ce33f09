using Mash.Contracts.Intake.V1;
using Mash.Intake.Domain;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// Matching under pressure: first contacts about one new child arriving together give it one id,
/// and twins without NHS numbers stay two children across contacts.
/// </summary>
public sealed class ChildMatchRaceTests(IntakeHost host) : IClassFixture<IntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A family nobody else in the database has: letters only, so the match key keeps all of it.</summary>
    static string NewFamily() => "Race" + new string(Guid.NewGuid().ToString("N")[..12].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());

    [Fact]
    public async Task Twenty_simultaneous_first_contacts_about_one_new_child_give_it_one_id()
    {
        var family = NewFamily();
        var contacts = Enumerable.Range(0, 20).Select(_ =>
        {
            var contact = SampleContacts.DomesticAbuseSiblings();
            contact.Children.RemoveAt(1);
            contact.Children[0].FamilyName = family;
            return contact;
        }).ToList();

        var responses = await Task.WhenAll(contacts.Select(c => host.Client.SubmitContactAsync(c, cancellationToken: Cancel).ResponseAsync));

        Assert.Equal(20, responses.Select(r => r.ContactId).Distinct().Count());
        Assert.Single(responses.Select(r => r.Children.Single().ChildId).Distinct());
        Assert.Equal(1, await Sql.CountAsync(host.Database, "SELECT count(DISTINCT child_id) FROM contact_children WHERE family_name_key = $1", ChildIdentity.KeyOf(family)));
        Assert.Equal(19, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contact_children WHERE family_name_key = $1 AND repeat_contact", ChildIdentity.KeyOf(family)));
    }

    [Fact]
    public async Task Twins_without_NHS_numbers_are_two_children_and_each_keeps_its_own_id()
    {
        var family = NewFamily();
        SubmitContactRequest About(params string[] givenNames)
        {
            var contact = SampleContacts.DomesticAbuseSiblings();
            var template = contact.Children[0];
            contact.Children.Clear();
            foreach (var given in givenNames)
            {
                var twin = template.Clone();
                (twin.GivenNames, twin.FamilyName) = (given, family);
                contact.Children.Add(twin);
            }
            return contact;
        }

        var first = await host.Client.SubmitContactAsync(About("Testchild"), cancellationToken: Cancel);
        var second = await host.Client.SubmitContactAsync(About("Testtwin"), cancellationToken: Cancel);
        var both = await host.Client.SubmitContactAsync(About("TESTTWIN", "testchild"), cancellationToken: Cancel);

        Assert.NotEqual(first.Children[0].ChildId, second.Children[0].ChildId);
        Assert.Equal([second.Children[0].ChildId, first.Children[0].ChildId], both.Children.Select(c => c.ChildId));
    }
}
