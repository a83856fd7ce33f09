namespace Mash.Console.Clients;

/// <summary>Section <c>Services</c>: where each Mash service answers gRPC (deploy/mash's ports by default).</summary>
public sealed class ServiceAddresses
{
    public string Intake { get; set; } = "http://127.0.0.1:5101";
    public string Thresholds { get; set; } = "http://127.0.0.1:5102";
    public string EarlyHelp { get; set; } = "http://127.0.0.1:5103";
    public string Allocation { get; set; } = "http://127.0.0.1:5104";
    public string Audit { get; set; } = "http://127.0.0.1:5105";
}
