using System.Text;
using FluentValidation;

namespace Mash.Intake.Domain.Validation;

/// <summary>
/// Violations name fields as the .proto does (children[1].nhs_number), so a partner in any language
/// can find the field it sent.
/// </summary>
public static class FieldNames
{
    static FieldNames() =>
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : SnakeCase(member.Name);

    /// <summary>Call once before validating (it sets FluentValidation's global name resolver).</summary>
    public static void Use() { }

    public static string SnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) result.Append('_');
            result.Append(char.ToLowerInvariant(name[i]));
        }
        return result.ToString();
    }
}
