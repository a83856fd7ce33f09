using Grpc.Core;
using Mash.Contracts.Common.V1;

namespace Mash.Intake.Grpc;

/// <summary>
/// Who is calling. Calls are not authenticated yet (the identity issue adds bearer tokens and
/// replaces this with the token's subject, role, agency and authority); until then a submission is
/// attributed to the referrer's agency and anything else to "unauthenticated", never to a name.
/// </summary>
static class Caller
{
    public static Actor From(ServerCallContext context, string submittingAgency = "") =>
        submittingAgency.Length > 0
            ? new Actor { Subject = $"agency:{submittingAgency}", Role = Role.Partner, Agency = submittingAgency }
            : new Actor { Subject = "unauthenticated", Role = Role.Unspecified };
}
