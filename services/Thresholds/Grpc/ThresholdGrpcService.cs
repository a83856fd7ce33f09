using Mash.Contracts.Thresholds.V1;

namespace Mash.Thresholds.Grpc;

/// <summary>The threshold API; its methods answer UNIMPLEMENTED until the threshold rules issue lands.</summary>
public sealed class ThresholdGrpcService : ThresholdService.ThresholdServiceBase;
