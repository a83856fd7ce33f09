using Mash.BuildingBlocks.Identity;
using Mash.Contracts.Common.V1;

namespace Mash.Cli;

/// <summary>Prints a development token for calling the services by hand (deploy/mash token).</summary>
public static class Token
{
    public static int Run(CommandLine options)
    {
        Role? role = options.Option("--role", "") switch
        {
            "partner" => Role.Partner,
            "screener" => Role.Screener,
            "manager" => Role.Manager,
            "auditor" => Role.Auditor,
            _ => null,
        };
        if (role is null) return CommandLine.Usage();
        var agency = options.Option("--agency", "");
        if (role == Role.Partner && agency.Length == 0)
        {
            Console.Error.WriteLine("A partner token needs --agency");
            return 2;
        }
        var lifetime = TimeSpan.FromHours(double.Parse(options.Option("--hours", "8"), System.Globalization.CultureInfo.InvariantCulture));
        var cap = new IdentityOptions().MaxTokenLifetime;
        if (lifetime > cap)
            Console.Error.WriteLine($"Services refuse tokens valid for longer than {cap.TotalHours} hours unless Auth__MaxTokenLifetime says otherwise");
        Console.WriteLine(DevTokens.Mint(options.SigningKey(), role.Value, agency, options.Option("--authority", "walsall"), lifetime: lifetime));
        return 0;
    }
}
