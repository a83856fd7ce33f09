using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>
/// Intake for the validation table: its sixty-odd contacts come from one screener within seconds,
/// more than the shipped SubmitContact allowance (60 at once, then 2 a second: appsettings.json),
/// and a refusal for the rate would hide the answer under test. The limit has tests of its own
/// (<see cref="CallLimitTests"/>).
/// </summary>
public sealed class ValidationIntakeHost : IntakeHost
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimits__SubmitContact__Burst"] = "1000",
    };
}

/// <summary>
/// Every malformed contact is refused with INVALID_ARGUMENT naming the offending field as the
/// .proto spells it, and nothing of it is stored or published. Runs against intake as a process.
/// </summary>
public sealed class SubmitContactValidationTests(ValidationIntakeHost host) : IClassFixture<ValidationIntakeHost>
{
    static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    static Date D(DateOnly d) => new() { Year = d.Year, Month = d.Month, Day = d.Day };

    public static TheoryData<string, Action<SubmitContactRequest>, string> BadInputs() => new()
    {
        { "no idempotency key", c => c.IdempotencyKey = "   ", "idempotency_key" },
        { "idempotency key too long", c => c.IdempotencyKey = new string('k', 101), "idempotency_key" },
        { "no referrer", c => c.Referrer = null, "referrer" },
        { "referral source not given", c => c.Referrer.ReferralSource = ReferralSource.Unspecified, "referrer.referral_source" },
        { "referral source not in the census list", c => c.Referrer.ReferralSource = (ReferralSource)999, "referrer.referral_source" },
        { "agency kind unknown", c => c.Referrer.AgencyKind = (AgencyKind)999, "referrer.agency_kind" },
        { "agency id with spaces", c => c.Referrer.Agency = "West Mids Police", "referrer.agency" },
        { "referrer without a name", c => c.Referrer.Name = "", "referrer.name" },
        { "referrer phone not a number", c => c.Referrer.Phone = "call the desk", "referrer.phone" },
        { "referrer email not an email", c => c.Referrer.Email = "not-an-email", "referrer.email" },
        { "no children", c => c.Children.Clear(), "children" },
        { "too many children", c => { while (c.Children.Count <= 20) c.Children.Add(c.Children[0].Clone()); }, "children" },
        { "child id filled in by the caller", c => c.Children[0].ChildId = Guid.NewGuid().ToString(), "children[0].child_id" },
        { "born child without a family name", c => c.Children[0].FamilyName = "", "children[0].family_name" },
        { "family name too long", c => c.Children[0].FamilyName = new string('a', 101), "children[0].family_name" },
        { "control character in a name", c => c.Children[0].GivenNames = "Test\u0007child", "children[0].given_names" },
        { "neither date of birth nor expected date", c => c.Children[0].ClearBirth(), "children[0].date_of_birth" },
        { "date of birth not a calendar date", c => c.Children[0].DateOfBirth = new Date { Year = 2020, Month = 2, Day = 30 }, "children[0].date_of_birth" },
        { "date of birth in the future", c => c.Children[0].DateOfBirth = D(Today.AddDays(1)), "children[0].date_of_birth" },
        { "child 18 on receipt", c => c.Children[0].DateOfBirth = D(Today.AddYears(-18)), "children[0].date_of_birth" },
        { "unborn child due in eleven months", c => c.Children[0].ExpectedDateOfBirth = D(Today.AddMonths(11)), "children[0].expected_date_of_birth" },
        { "unborn child due two months ago", c => c.Children[0].ExpectedDateOfBirth = D(Today.AddMonths(-2)), "children[0].expected_date_of_birth" },
        { "NHS number of nine digits", c => c.Children[0].NhsNumber = "999000002", "children[0].nhs_number" },
        { "NHS number with a wrong check digit", c => c.Children[0].NhsNumber = "9434765918", "children[0].nhs_number" },
        { "NHS number whose check digit would be 10", c => c.Children[0].NhsNumber = "9990000001", "children[0].nhs_number" },
        { "NHS number with letters", c => c.Children[0].NhsNumber = "94347659AB", "children[0].nhs_number" },
        { "second child's NHS number invalid", c => c.Children[1].NhsNumber = "1234567890", "children[1].nhs_number" },
        { "gender unknown", c => c.Children[0].Gender = (Gender)99, "children[0].gender" },
        { "ethnicity not a census code", c => c.Children[0].Ethnicity = "white", "children[0].ethnicity" },
        { "ethnicity of four capitals outside the census list", c => c.Children[0].Ethnicity = "ABCD", "children[0].ethnicity" },
        { "ethnicity in lower case", c => c.Children[0].Ethnicity = "wbri", "children[0].ethnicity" },
        { "child without an address", c => c.Children[0].Address = null, "children[0].address" },
        { "child without a postcode", c => c.Children[0].Address.Postcode = "", "children[0].address.postcode" },
        { "postcode of digits", c => c.Children[0].Address.Postcode = "12345", "children[0].address.postcode" },
        { "postcode with letters an inward code never uses", c => c.Children[0].Address.Postcode = "WS1 1CI", "children[0].address.postcode" },
        { "six address lines", c => c.Children[0].Address.Lines.Add(["a", "b", "c", "d", "e"]), "children[0].address.lines" },
        { "school URN not a number", c => c.Children[0].Setting = new Setting { Kind = SettingKind.PrimarySchool, Urn = "abc" }, "children[0].setting.urn" },
        { "household member without a relationship", c => c.Household[0].Relationship = Relationship.Unspecified, "household[0].relationship" },
        { "household member born in the future", c => c.Household[0].DateOfBirth = D(Today.AddDays(3)), "household[0].date_of_birth" },
        { "household member id filled in by the caller", c => c.Household[0].PersonId = "p-1", "household[0].person_id" },
        { "household postcode malformed", c => c.Household[0].Address = new Address { Postcode = "NOT A POSTCODE" }, "household[0].address.postcode" },
        { "no concerns", c => c.Concerns.Clear(), "concerns" },
        { "concern without a category", c => c.Concerns[0].Category = ConcernCategory.Unspecified, "concerns[0].category" },
        { "concern about a child the contact does not have", c => c.Concerns[0].ChildIndexes.Add(5), "concerns[0].child_indexes[0]" },
        { "concern naming a child twice", c => c.Concerns[0].ChildIndexes.Add([0, 0]), "concerns[0].child_indexes" },
        { "concern detail too long", c => c.Concerns[0].Detail = new string('d', 4001), "concerns[0].detail" },
        { "narrative too long", c => c.Narrative = new string('n', 10_001), "narrative" },
        { "no consent", c => c.Consent = null, "consent" },
        { "consent state not given", c => c.Consent.State = ConsentState.Unspecified, "consent.state" },
        { "consent given by nobody", c => c.Consent = new Consent { State = ConsentState.Given }, "consent.given_by" },
        { "consent not sought without a reason", c => c.Consent.Reason = "", "consent.reason" },
        { "consent not sought without who decided", c => c.Consent.DecidedBy = "", "consent.decided_by" },
        { "refusal overridden without a real justification", c => c.Consent = new Consent { State = ConsentState.RefusedOverridden, Reason = "risk", DecidedBy = "T. Lead, DSL" }, "consent.reason" },
        { "consent decided in the future", c => c.Consent.DecidedAt = Timestamp.FromDateTime(DateTime.UtcNow.AddDays(2)), "consent.decided_at" },
        { "step-up episode id not an id", c => c.StepUpEpisodeId = "episode-7", "step_up_episode_id" },
        { "DASH grade without a domestic abuse concern", c => { c.Concerns[0].Category = ConcernCategory.Neglect; c.DomesticAbuseRisk = DomesticAbuseRisk.High; }, "domestic_abuse_risk" },
        { "DASH grade not in the list", c => c.DomesticAbuseRisk = (DomesticAbuseRisk)99, "domestic_abuse_risk" },
        { "exploitation grade not in the list", c => c.Children[0].ExploitationRisk = (ExploitationRisk)99, "children[0].exploitation_risk" },
        { "unborn child marked not independently mobile", c => { c.Children[0].ExpectedDateOfBirth = InThreeMonths(); c.Children[0].NotIndependentlyMobile = true; }, "children[0].not_independently_mobile" },
        { "unborn child with nowhere safe to sleep", c => { c.Children[0].ExpectedDateOfBirth = InThreeMonths(); c.Children[0].NowhereSafeToSleepTonight = true; }, "children[0].nowhere_safe_to_sleep_tonight" },
    };

    static Date InThreeMonths()
    {
        var due = DateTime.UtcNow.AddMonths(3);
        return new Date { Year = due.Year, Month = due.Month, Day = due.Day };
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task A_bad_input_is_refused_naming_the_field_and_nothing_is_stored(string _, Action<SubmitContactRequest> spoil, string field)
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        spoil(contact);
        var contactsBefore = await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts");
        var callStarted = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.SubmitContactAsync(contact, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violations = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations;
        Assert.Contains(field, violations.Select(v => v.Field));
        Assert.All(violations, v => Assert.False(string.IsNullOrWhiteSpace(v.Description)));
        Assert.Equal(contactsBefore, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts"));
        Assert.Equal(0, await Sql.CountAsync(host.Database, "SELECT count(*) FROM outbox_messages WHERE created_at >= $1", callStarted));
    }

    [Fact]
    public void There_are_at_least_forty_distinct_bad_inputs()
    {
        Assert.True(BadInputs().Count >= 40);
        Assert.Equal(BadInputs().Count, BadInputs().Select(row => row.Data.Item1).Distinct().Count());
    }

    [Fact]
    public async Task Every_violation_is_reported_at_once()
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        contact.Children[0].NhsNumber = "123";
        contact.Children[1].Address.Postcode = "nowhere";
        contact.Consent.Reason = "";

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client.SubmitContactAsync(contact, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        var fields = error.GetRpcStatus()!.GetDetail<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Field).ToHashSet();
        Assert.Superset(new HashSet<string> { "children[0].nhs_number", "children[1].address.postcode", "consent.reason" }, fields);
    }

    [Fact]
    public async Task A_valid_contact_with_untidy_spacing_is_accepted_and_stored_tidy()
    {
        var contact = SampleContacts.DomesticAbuseSiblings();
        contact.Children[0].FamilyName = "  Example  ";
        contact.Children[0].NhsNumber = "943 476 5919";
        contact.Children[0].Address.Postcode = " ws1   1tp";

        var response = await host.Client.SubmitContactAsync(contact, cancellationToken: TestContext.Current.CancellationToken);
        var stored = (await host.Client.GetContactAsync(new GetContactRequest { ContactId = response.ContactId }, cancellationToken: TestContext.Current.CancellationToken)).Contact.Children[0].Child;

        Assert.Equal(("Example", "9434765919", "WS1 1TP"), (stored.FamilyName, stored.NhsNumber, stored.Address.Postcode));
    }
}
