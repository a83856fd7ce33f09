using System.Net;
using System.Text.Json.Nodes;
using Mash.BuildingBlocks.Rest;
using Mash.Testing;
using Xunit;

namespace Mash.Security.Tests;

/// <summary>
/// The OpenAPI documents of the REST door: each service serves one generated from its protos
/// (Development), it lists every annotated method, and the copy committed for partners under
/// contracts/openapi/ is the one served. MASH_WRITE_OPENAPI=1 writes the served documents there
/// instead of comparing (after a change to an annotation), for the change to commit them.
/// </summary>
[Collection(nameof(RunningServices))]
public sealed class OpenApiTests(Services services) : IDisposable
{
    readonly RawRest _client = new();

    [Fact]
    public async Task Each_service_serves_an_openapi_document_that_lists_every_annotated_method_and_matches_the_committed_copy()
    {
        var cancel = TestContext.Current.CancellationToken;
        var write = Environment.GetEnvironmentVariable("MASH_WRITE_OPENAPI") == "1";
        var problems = new List<string>();
        foreach (var group in RestRoute.All.GroupBy(r => r.Method.Service))
        {
            // Anonymous, like reflection in Development.
            var answer = await _client.SendAsync(services.For(group.Key).HttpPort, "GET", RestDoor.OpenApiPath, null, (string?)null, cancel);
            Assert.True(answer.Http == HttpStatusCode.OK, $"{group.Key.FullName}: {answer}");
            var document = JsonNode.Parse(answer.Body)!;
            foreach (var route in group)
                if (document["paths"]?[JsonNamed(route.Template)]?[route.Verb.ToLowerInvariant()] is null)
                    problems.Add($"{route}: not in the served document");

            var file = CommittedPath(group.Key.File.Package);
            if (write) await File.WriteAllTextAsync(file, document.ToJsonString(new() { WriteIndented = true }) + "\n", cancel);
            else if (!File.Exists(file)) problems.Add($"{file} is missing (MASH_WRITE_OPENAPI=1 writes it)");
            else if (!JsonNode.DeepEquals(JsonNode.Parse(await File.ReadAllTextAsync(file, cancel)), document))
                problems.Add($"{file} is not the document {group.Key.Name} serves (MASH_WRITE_OPENAPI=1 rewrites it; commit the change)");
        }
        Assert.Empty(problems);
    }

    /// <summary>A path template as OpenAPI names its parameters: by their JSON names ({contact_id} is {contactId}).</summary>
    static string JsonNamed(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "_([a-z0-9])", m => m.Groups[1].Value.ToUpperInvariant());

    /// <summary>contracts/openapi/&lt;area&gt;.v1.json for the package mash.&lt;area&gt;.v1.</summary>
    static string CommittedPath(string package) =>
        Path.Combine(ServiceProcess.RepositoryRoot(), "contracts", "openapi", $"{package["mash.".Length..]}.json");

    public void Dispose() => _client.Dispose();
}
