using Mash.Testing;

namespace Mash.EndToEnd.Tests;

/// <summary>
/// The five services as real processes, each on its own fresh database, joined by this class's own
/// RabbitMQ vhost (<see cref="ServicePipeline"/>, on this test run's servers).
/// </summary>
public class Pipeline : ServicePipeline;

/// <summary>The same pipeline with intake's outbox dispatch paused at start.</summary>
public sealed class PipelineWithPausedOutbox : Pipeline
{
    protected override IDictionary<string, string> IntakeOverrides => new Dictionary<string, string> { ["Outbox__Paused"] = "true" };
}
