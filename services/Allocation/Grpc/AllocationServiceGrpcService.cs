using Mash.Contracts.Allocation.V1;

namespace Mash.Allocation.Grpc;

/// <summary>The allocation API; its methods answer UNIMPLEMENTED until its issue lands.</summary>
public sealed class AllocationServiceGrpcService : AllocationService.AllocationServiceBase;
