using FluentValidation;

namespace Mash.Intake.Domain.Validation;

/// <summary>Rules every free-text field shares: bounded, and no control characters.</summary>
public static class TextRules
{
    public static IRuleBuilderOptions<T, string> Text<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.MaximumLength(maxLength)
            .Must(s => !s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
            .WithMessage("must not contain control characters");

    public static IRuleBuilderOptions<T, string> Required<T>(this IRuleBuilder<T, string> rule, int maxLength) =>
        rule.Text(maxLength).NotEmpty().WithMessage("is required");

    public static IRuleBuilderOptions<T, TEnum> Known<T, TEnum>(this IRuleBuilder<T, TEnum> rule) where TEnum : struct, Enum =>
        rule.Must(Enum.IsDefined).WithMessage("is not a known value");

    public static IRuleBuilderOptions<T, TEnum> KnownAndSet<T, TEnum>(this IRuleBuilder<T, TEnum> rule) where TEnum : struct, Enum =>
        rule.Must(v => Enum.IsDefined(v) && Convert.ToInt32(v) != 0).WithMessage("is required and must be a known value");
}
