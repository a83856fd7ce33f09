using Mash.Contracts.Audit.V1;

namespace Mash.Audit.Grpc;

/// <summary>The audit API; its methods answer UNIMPLEMENTED until the audit issue lands.</summary>
public sealed class AuditGrpcService : AuditService.AuditServiceBase;
