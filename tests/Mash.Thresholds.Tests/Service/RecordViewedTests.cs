using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Mash.Contracts.Thresholds.V1;
using Mash.Testing;
using Xunit;
using static Mash.Thresholds.Tests.Service.Contacts;

namespace Mash.Thresholds.Tests.Service;

/// <summary>A person's read of a child's recommendation and decisions publishes RecordViewed.</summary>
public sealed class RecordViewedTests(ThresholdsHost host) : IClassFixture<ThresholdsHost>
{
    [Fact]
    public async Task Reading_a_childs_recommendation_records_the_reader()
    {
        var views = await host.CaptureAsync<RecordViewed>();
        var contact = Received(Child("WS1 1TP", ConcernCategory.DomesticAbuse), Child("WS1 1TP"));
        await host.PublishAsync(contact);
        var childId = contact.Facts.Children[0].ChildId;
        var request = new GetRecommendationRequest { ContactId = contact.Header.ContactId, ChildId = childId };
        await Eventually.Until(async () =>
        {
            try { return await host.ClientAs(Role.Auditor, subject: "auditor-one").GetRecommendationAsync(request, cancellationToken: TestContext.Current.CancellationToken); }
            catch (global::Grpc.Core.RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.NotFound) { return null; }
        }, r => r?.Current is not null, "the recommendation");

        var viewed = await host.CollectAsync<RecordViewed>(views, v => v.Header.ContactId == contact.Header.ContactId, 1, "RecordViewed");
        var last = viewed[^1];
        Assert.Equal([childId], last.ChildIds);
        Assert.Equal((childId, "thresholds", "mash.thresholds.v1.ThresholdService/GetRecommendation"), (last.Header.ChildId, last.Service, last.Method));
        Assert.Equal((Role.Auditor, "auditor-one", "walsall"), (last.Header.Actor.Role, last.Header.Actor.Subject, last.Header.LocalAuthority));
    }
}
