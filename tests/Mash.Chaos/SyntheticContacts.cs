using Google.Protobuf;
using Mash.BuildingBlocks.ReferenceData;
using Mash.Contracts.Intake.V1;
using Mash.Testing;

namespace Mash.Chaos;

/// <summary>A contact a partner (or, for an anonymous caller, the hub's contact centre) will submit.</summary>
/// <param name="Agency">The referrer's agency; empty for an anonymous contact, which a screener submits.</param>
/// <param name="Hub">The authority whose hub receives it: the first child's postcode's (seeds/localities), else Walsall.</param>
public sealed record PlannedContact(int Index, string Agency, string Hub, SubmitContactRequest Request)
{
    public string Key => Request.IdempotencyKey;
}

/// <summary>
/// Synthetic, clearly fictional contacts, the same for the same seed: each is one of the demo
/// corpus (seeds/contacts, valid and spread over every pathway, both authorities and a transfer out)
/// with its own idempotency key and its own children (a family name made unique, no NHS number), so
/// no two contacts match the same child and every outcome can be counted per child.
/// </summary>
public static class SyntheticContacts
{
    static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static IReadOnlyList<PlannedContact> Generate(int count, int seed)
    {
        var root = ServiceProcess.RepositoryRoot();
        var templates = Directory.GetFiles(Path.Combine(root, "seeds", "contacts"), "*.json").Order(StringComparer.Ordinal)
            .Select(file => Parser.Parse<SubmitContactRequest>(File.ReadAllText(file))).ToList();
        var (localities, errors) = LocalityDirectory.Load(ReferenceDataFiles.ReadFolder(Path.Combine(root, "seeds", "localities"), "seeds/localities"));
        if (localities is null) throw new InvalidOperationException(string.Join("; ", errors));

        var random = new Random(seed);
        var contacts = new List<PlannedContact>(count);
        for (var i = 0; i < count; i++)
        {
            var request = templates[random.Next(templates.Count)].Clone();
            request.IdempotencyKey = $"chaos-{seed}-{i:D6}";
            var family = UniqueSuffix(seed, i);
            foreach (var child in request.Children)
            {
                child.FamilyName += family;
                child.NhsNumber = "";
            }
            var place = localities.Find(request.Children[0].Address.Postcode);
            contacts.Add(new PlannedContact(i, request.Referrer.Agency, place.IsOutside ? "walsall" : place.LocalAuthority, request));
        }
        return contacts;
    }

    /// <summary>Lower-case letters naming (seed, index) uniquely: "Sample" becomes "Samplecbdq".</summary>
    static string UniqueSuffix(int seed, int index)
    {
        var n = ((long)(uint)seed << 24) + index;
        var letters = new System.Text.StringBuilder();
        do { letters.Append((char)('a' + n % 26)); n /= 26; } while (n > 0);
        return letters.ToString();
    }
}
