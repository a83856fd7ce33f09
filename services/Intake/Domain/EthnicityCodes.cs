namespace Mash.Intake.Domain;

/// <summary>
/// The ethnicity codes of the Department for Education's children in need census (the ethnicity
/// item of the Common Basic Data Set), which Annex A prints as they are: a child's ethnicity is
/// kept as one of these, so no export has to guess what another spelling meant.
/// REFU: refused; NOBT: information not yet obtained.
/// </summary>
public static class EthnicityCodes
{
    public static readonly IReadOnlySet<string> Census = new HashSet<string>(StringComparer.Ordinal)
    {
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH",
        "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    };

    public static bool IsCensusCode(string code) => Census.Contains(code);
}
