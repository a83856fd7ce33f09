using Mash.Contracts.EarlyHelp.V1;

namespace Mash.EarlyHelp.Grpc;

/// <summary>The earlyhelp API; its methods answer UNIMPLEMENTED until its issue lands.</summary>
public sealed class EarlyHelpServiceGrpcService : EarlyHelpService.EarlyHelpServiceBase;
