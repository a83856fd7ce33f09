namespace Mash.Intake.Domain;

/// <summary>
/// NHS numbers: ten digits whose last is a modulus-11 check digit over the first nine (weights 10
/// down to 2; 11 - sum mod 11; 11 means 0; 10 means the number is not valid). Written with or
/// without spaces ("943 476 5919"); stored without.
/// </summary>
public static class NhsNumber
{
    public static string Normalise(string value) => new(value.Where(c => c != ' ').ToArray());

    public static bool IsValid(string value)
    {
        var digits = Normalise(value);
        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit)) return false;

        var sum = 0;
        for (var i = 0; i < 9; i++) sum += (digits[i] - '0') * (10 - i);
        var check = 11 - sum % 11;
        if (check == 11) check = 0;
        return check != 10 && check == digits[9] - '0';
    }
}
