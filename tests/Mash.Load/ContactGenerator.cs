using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Mash.Load;

/// <summary>A synthetic contact and the template it was made from (the demo file's name).</summary>
public sealed record SyntheticContact(int Number, string Template, SubmitContactRequest Request);

/// <summary>
/// Synthetic contacts for one authority, deterministic for a seed. Each is one of the demo corpus's
/// sixteen fictional contacts (seeds/contacts, valid for intake by construction) with new, plainly
/// invented names ("Lorem Samplekabodu"), a fresh test-range NHS number (999...), ages kept as the
/// template's (the rules care: a non-mobile baby, an under-five), and a postcode drawn from the
/// authority's districts and sectors in seeds/localities, so children land in every locality.
/// The contact from outside both authorities (Leeds) keeps its postcode: the transfer NFA.
/// Every child is new (unique NHS number and family name), so no child is matched to another's record.
/// </summary>
public sealed class ContactGenerator
{
    /// <summary>The date the demo corpus is written relative to (seeds/contacts/README.md).</summary>
    static readonly DateOnly CorpusDate = new(2026, 11, 23);

    /// <summary>
    /// How often each demo contact is drawn. A front door sees mostly information sharing, advice and
    /// early help, fewer statutory referrals (council reports: roughly a fifth to a quarter of
    /// contacts become CIN/CP referrals). The pathway each template takes comes from the rules, not
    /// from here; the run reports the mix it got.
    /// </summary>
    static readonly Dictionary<string, int> Weights = new()
    {
        ["001"] = 6, ["002"] = 3, ["003"] = 2, ["004"] = 5, ["005"] = 6, ["006"] = 3, ["007"] = 4, ["008"] = 6,
        ["009"] = 5, ["010"] = 4, ["011"] = 30, ["012"] = 3, ["013"] = 5, ["014"] = 2, ["015"] = 3, ["016"] = 2,
    };

    static readonly string[] GivenNames = ["Lorem", "Ipsum", "Dolor", "Testina", "Fabula", "Exempla", "Specimus", "Placida", "Fictiona", "Samplo", "Mocka", "Dummia", "Probus", "Trialla", "Modella", "Figmenta"];
    static readonly string[] FamilyStems = ["Sample", "Fictional", "Placeholder", "Specimen", "Example", "Mockup"];
    static readonly string[] Syllables = ["ka", "bo", "du", "mi", "ra", "te", "lo", "vi", "sa", "ne", "po", "ru", "fe", "go", "li", "za"];
    const string InwardLetters = "ABDEFGHJLNPQRSTUWXYZ";

    readonly IReadOnlyList<(string Name, SubmitContactRequest Request, int Weight)> _templates;
    readonly int _totalWeight;
    readonly IReadOnlyList<string> _postcodePrefixes;
    readonly string _town;
    readonly Random _random;
    readonly string _runId;
    readonly DateOnly _today;
    readonly int _nhsBase;
    int _childCounter;

    public string Authority { get; }

    public ContactGenerator(string repositoryRoot, string authority, int seed, string runId, DateOnly? today = null)
    {
        Authority = authority;
        _random = new Random(seed);
        _runId = runId;
        _today = today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        _nhsBase = new Random(seed).Next(0, 100) * 10_000; // the run's slice of the 999 test range (6 digits after 999)
        var parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
        _templates = [.. Directory.GetFiles(Path.Combine(repositoryRoot, "seeds", "contacts"), "*.json").Order(StringComparer.Ordinal)
            .Select(file => (Name: Path.GetFileNameWithoutExtension(file), Request: parser.Parse<SubmitContactRequest>(File.ReadAllText(file))))
            .Select(t => (t.Name, t.Request, Weight: Weights.GetValueOrDefault(t.Name[..3], 1)))];
        if (_templates.Count == 0) throw new InvalidOperationException("No demo contacts in seeds/contacts to build synthetic contacts from");
        _totalWeight = _templates.Sum(t => t.Weight);
        (_postcodePrefixes, _town) = LoadPostcodes(Path.Combine(repositoryRoot, "seeds", "localities", authority + ".yaml"));
    }

    /// <summary>Contact number <paramref name="number"/> of the run.</summary>
    public SyntheticContact Next(int number)
    {
        var (name, template, _) = Pick();
        var request = template.Clone();
        request.IdempotencyKey = $"load-{_runId}-{number}";
        var family = FamilyStems[_random.Next(FamilyStems.Length)] + Suffix(number);
        var postcode = RandomPostcode();
        var shift = _today.DayNumber - CorpusDate.DayNumber;
        foreach (var child in request.Children)
        {
            child.GivenNames = GivenNames[_random.Next(GivenNames.Length)];
            if (child.FamilyName.Length > 0) child.FamilyName = family;
            if (child.NhsNumber.Length > 0) child.NhsNumber = NextNhsNumber();
            if (child.DateOfBirth is { } born) child.DateOfBirth = Shift(born, shift, jitter: true);
            if (child.ExpectedDateOfBirth is { } due) child.ExpectedDateOfBirth = Shift(due, shift, jitter: false);
            if (child.Address is { } address && Inside(template))
            {
                address.Postcode = postcode;
                address.Town = _town;
            }
        }
        foreach (var person in request.Household)
        {
            if (person.FamilyName.Length > 0) person.FamilyName = family;
            if (person.DateOfBirth is { } born) person.DateOfBirth = Shift(born, shift, jitter: false);
        }
        if (request.Consent?.DecidedAt is not null)
            request.Consent.DecidedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(_today.AddDays(-1).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));
        return new SyntheticContact(number, name, request);
    }

    (string Name, SubmitContactRequest Request, int Weight) Pick()
    {
        var ticket = _random.Next(_totalWeight);
        foreach (var template in _templates)
            if ((ticket -= template.Weight) < 0) return template;
        return _templates[^1];
    }

    /// <summary>The template's family lives in one of the two demo authorities (not the transfer from outside).</summary>
    static bool Inside(SubmitContactRequest template) =>
        template.Children.FirstOrDefault()?.Address?.Postcode is { } p && (p.StartsWith("WS", StringComparison.Ordinal) || p.StartsWith("WV", StringComparison.Ordinal));

    /// <summary>A family name suffix unique to the contact: its number in base 16, as syllables.</summary>
    static string Suffix(int number)
    {
        var text = "";
        do { text += Syllables[number % Syllables.Length]; number /= Syllables.Length; } while (number > 0);
        return text;
    }

    string RandomPostcode()
    {
        var prefix = _postcodePrefixes[_random.Next(_postcodePrefixes.Count)];
        var outwardAndSector = prefix.Contains(' ') ? prefix : $"{prefix} {_random.Next(10)}";
        return $"{outwardAndSector}{InwardLetters[_random.Next(InwardLetters.Length)]}{InwardLetters[_random.Next(InwardLetters.Length)]}";
    }

    /// <summary>A valid NHS number in the 999 test range: nine digits and the modulus-11 check digit.</summary>
    string NextNhsNumber()
    {
        while (true)
        {
            var body = $"999{(_nhsBase + _childCounter++) % 1_000_000:D6}";
            var check = NhsCheckDigit(body);
            if (check is not null) return body + check;
        }
    }

    /// <summary>The modulus-11 check digit of nine digits, or null when none is valid (remainder 10).</summary>
    public static int? NhsCheckDigit(string nineDigits)
    {
        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (nineDigits[i] - '0') * (10 - i);
        var check = 11 - sum % 11;
        return check switch { 11 => 0, 10 => null, _ => check };
    }

    Date Shift(Date date, int days, bool jitter)
    {
        var shifted = new DateOnly(date.Year, date.Month, date.Day).AddDays(days + (jitter ? _random.Next(-10, 1) : 0));
        if (jitter && shifted > _today) shifted = _today;
        return new Date { Year = shifted.Year, Month = shifted.Month, Day = shifted.Day };
    }

    /// <summary>Every district and sector the authority's localities list (seeds/localities/&lt;authority&gt;.yaml).</summary>
    static (IReadOnlyList<string> Prefixes, string Town) LoadPostcodes(string file)
    {
        var doc = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).IgnoreUnmatchedProperties()
            .Build().Deserialize<LocalitiesFile>(File.ReadAllText(file));
        var prefixes = doc.Localities.SelectMany(l => l.Postcodes).Distinct().ToList();
        if (prefixes.Count == 0) throw new InvalidOperationException($"{file} lists no postcodes");
        var town = doc.LocalAuthority.Length > 0 ? char.ToUpperInvariant(doc.LocalAuthority[0]) + doc.LocalAuthority[1..] : "Walsall";
        return (prefixes, town);
    }

    sealed class LocalitiesFile
    {
        public string LocalAuthority { get; set; } = "";
        public List<LocalityEntry> Localities { get; set; } = [];
    }

    sealed class LocalityEntry
    {
        public string Id { get; set; } = "";
        public List<string> Postcodes { get; set; } = [];
    }
}
