using Mash.Contracts.Common.V1;
using Mash.Contracts.Events.V1;
using Xunit;

namespace Mash.Testing;

/// <summary>Every kind of ChildRouted a consumer's bindings must be held against: each pathway, with or without a step-up and a correction.</summary>
public static class RoutingCases
{
    public static TheoryData<Pathway, bool, bool> All()
    {
        var data = new TheoryData<Pathway, bool, bool>();
        foreach (var pathway in Enum.GetValues<Pathway>())
            foreach (var stepUp in new[] { false, true })
                foreach (var correction in new[] { false, true })
                    data.Add(pathway, stepUp, correction);
        return data;
    }

    public static ChildRouted Routing(Pathway pathway, bool stepUp, bool correction) => new()
    {
        Pathway = pathway,
        StepUpEpisodeId = stepUp ? Guid.NewGuid().ToString() : "",
        SupersedesDecisionId = correction ? Guid.NewGuid().ToString() : "",
    };
}
