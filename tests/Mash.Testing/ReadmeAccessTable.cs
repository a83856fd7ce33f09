using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;
using Mash.Contracts.Common.V1;

namespace Mash.Testing;

/// <summary>
/// The README's access table ("Identity and access"): which roles may call each method. It is the
/// specification the running services are checked against (the authorization matrix and the
/// hostile-client suite); each service's Grpc/Access.cs is checked against the contract separately.
/// </summary>
public static partial class ReadmeAccessTable
{
    public static readonly Role[] People = [Role.Partner, Role.Screener, Role.Manager, Role.Auditor];

    /// <summary>(service as the README names it, e.g. "early help"; method) → the roles that may call it.</summary>
    public static Dictionary<(string Service, string Method), Role[]> Read()
    {
        var readme = File.ReadAllLines(Path.Combine(ServiceProcess.RepositoryRoot(), "README.md"));
        var start = Array.FindIndex(readme, l => l.StartsWith("| method | partner | screener | manager | auditor |", StringComparison.Ordinal));
        if (start < 0) throw new InvalidOperationException("README.md has no access table");
        var table = new Dictionary<(string, string), Role[]>();
        foreach (var line in readme.Skip(start + 2).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var service = cells[0][..cells[0].IndexOf('`')].Trim();
            var roles = People.Where((_, i) => cells[i + 1].Length > 0).ToArray();
            foreach (Match m in MethodName().Matches(cells[0]))
                if (!table.TryAdd((service, m.Groups[1].Value), roles))
                    throw new InvalidOperationException($"{service} {m.Groups[1].Value} appears twice in the README table");
        }
        return table;
    }

    /// <summary>The README's name of a contract's service: mash.earlyhelp.v1.EarlyHelpService is "early help".</summary>
    public static string NameOf(ServiceDescriptor service, IEnumerable<string> readmeNames)
    {
        var package = service.File.Package.Split('.')[1];
        return readmeNames.FirstOrDefault(n => n.Replace(" ", "", StringComparison.Ordinal) == package)
            ?? throw new InvalidOperationException($"The README's access table has no service for {service.FullName}");
    }

    [GeneratedRegex("`([A-Za-z]+)`")]
    private static partial Regex MethodName();

    /// <summary>The access table's refusal (BuildingBlocks/Identity/MethodAccess.cs), as opposed to a method's own PERMISSION_DENIED for a record.</summary>
    [GeneratedRegex("^A [A-Za-z]+ may not call ")]
    public static partial Regex AccessRefusal();
}
