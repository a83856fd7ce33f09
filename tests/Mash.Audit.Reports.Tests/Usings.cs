// The namespace Mash.Audit.Reports.Tests sits under Mash.Audit.Reports: keep the service's names reachable.
global using Mash.Audit.Reports;
