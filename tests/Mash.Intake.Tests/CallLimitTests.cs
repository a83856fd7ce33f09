using Google.Rpc;
using Grpc.Core;
using Google.Protobuf;
using Mash.Contracts.Common.V1;
using Mash.Contracts.Intake.V1;
using Mash.Testing;
using Xunit;

namespace Mash.Intake.Tests;

/// <summary>Intake with a small SubmitContact allowance (3 at once, then 1 a minute) and a 64 KiB request limit.</summary>
public sealed class LimitedIntakeHost : IntakeHost
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["RateLimits__SubmitContact__Burst"] = "3",
        ["RateLimits__SubmitContact__PermitsPerMinute"] = "1",
        ["Mash__MaxRequestBytes"] = (64 * 1024).ToString(),
    };
}

/// <summary>
/// A partner system that floods the front door is slowed down, not the hub: each agency has its
/// own allowance, a refused call says when to retry, and nothing of a refused call is stored.
/// </summary>
public sealed class CallLimitTests(LimitedIntakeHost host) : IClassFixture<LimitedIntakeHost>
{
    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_agency_over_its_allowance_gets_resource_exhausted_with_retry_info_and_other_agencies_do_not()
    {
        var school = host.ClientAs(Role.Partner, "walsall-school-17");
        for (var i = 0; i < 3; i++)
            await school.SubmitContactAsync(FromSchool(), cancellationToken: Cancel);

        var refused = await Assert.ThrowsAsync<RpcException>(() => school.SubmitContactAsync(FromSchool(), cancellationToken: Cancel).ResponseAsync);
        var police = await host.ClientAs(Role.Partner, "wmp").SubmitContactAsync(SampleContacts.DomesticAbuseSiblings(), cancellationToken: Cancel);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var retry = refused.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retry);
        Assert.InRange(retry.RetryDelay.ToTimeSpan(), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        Assert.NotEmpty(police.ContactId);
        Assert.Equal(3, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE agency = $1", "walsall-school-17"));
    }

    [Fact]
    public async Task A_re_cased_path_spends_the_same_allowance()
    {
        // The limiter counts the method the endpoint runs: spelling it otherwise is no second bucket.
        var recased = new Method<SubmitContactRequest, SubmitContactResponse>(MethodType.Unary, "Mash.intake.v1.IntakeService", "submitcontact",
            Marshallers.Create<SubmitContactRequest>(r => r.ToByteArray(), SubmitContactRequest.Parser.ParseFrom),
            Marshallers.Create<SubmitContactResponse>(r => r.ToByteArray(), SubmitContactResponse.Parser.ParseFrom));
        var college = host.Intake.As(Role.Partner, "walsall-college-3");
        for (var i = 0; i < 3; i++)
            await college.AsyncUnaryCall(recased, null, new CallOptions(cancellationToken: Cancel), FromSchool("walsall-college-3"));

        var refused = await Assert.ThrowsAsync<RpcException>(() => new IntakeService.IntakeServiceClient(college)
            .SubmitContactAsync(FromSchool("walsall-college-3"), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(3, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts WHERE agency = $1", "walsall-college-3"));
    }

    [Fact]
    public async Task A_request_over_the_size_limit_is_refused_unread_and_nothing_is_stored()
    {
        var before = await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts");
        var huge = SampleContacts.DomesticAbuseSiblings();
        huge.Referrer.AgencyName = new string('x', 100 * 1024);

        var refused = await Assert.ThrowsAsync<RpcException>(() => host.Client.SubmitContactAsync(huge, cancellationToken: Cancel).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(before, await Sql.CountAsync(host.Database, "SELECT count(*) FROM contacts"));
    }

    static SubmitContactRequest FromSchool(string agency = "walsall-school-17")
    {
        var request = SampleContacts.DomesticAbuseSiblings();
        request.Referrer.Agency = agency;
        request.Referrer.AgencyKind = AgencyKind.Education;
        request.Referrer.ReferralSource = ReferralSource.Schools;
        return request;
    }
}
