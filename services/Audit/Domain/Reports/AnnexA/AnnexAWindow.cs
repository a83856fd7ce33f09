using NodaTime;

namespace Mash.Audit.Domain.Reports.AnnexA;

/// <summary>The dates a list covers: the look-back (six months by default) up to the inspection date, both inclusive.</summary>
public static class AnnexAWindow
{
    public static ReportPeriod For(LocalDate asOf, LocalDate? from, int lookBackMonths) =>
        new(from ?? asOf.PlusMonths(-lookBackMonths), asOf);
}
