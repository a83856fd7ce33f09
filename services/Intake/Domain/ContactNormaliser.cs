using Google.Protobuf;
using Google.Protobuf.Reflection;
using Mash.Contracts.Intake.V1;

namespace Mash.Intake.Domain;

/// <summary>
/// Puts a submitted contact in the form intake stores: every string trimmed, postcodes upper case
/// with one space, NHS numbers without spaces. Runs before validation and before the idempotency
/// hash, so a retry that differs only in spacing is the same contact.
/// </summary>
public static class ContactNormaliser
{
    public static AddInformationRequest Normalise(AddInformationRequest request)
    {
        var normalised = request.Clone();
        TrimStrings(normalised);
        foreach (var person in normalised.Household.Where(p => p.Address is not null))
            person.Address.Postcode = Postcode.Normalise(person.Address.Postcode);
        return normalised;
    }

    public static SubmitContactRequest Normalise(SubmitContactRequest request)
    {
        var normalised = request.Clone();
        TrimStrings(normalised);
        foreach (var child in normalised.Children)
        {
            if (child.Address is not null) child.Address.Postcode = Postcode.Normalise(child.Address.Postcode);
            child.NhsNumber = NhsNumber.Normalise(child.NhsNumber);
        }
        foreach (var person in normalised.Household.Where(p => p.Address is not null))
            person.Address.Postcode = Postcode.Normalise(person.Address.Postcode);
        return normalised;
    }

    static void TrimStrings(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.String)
            {
                if (!field.IsRepeated) field.Accessor.SetValue(message, ((string)value).Trim());
                else if (value is IList<string> list)
                    for (var i = 0; i < list.Count; i++) list[i] = list[i].Trim();
            }
            else if (field.FieldType == FieldType.Message)
            {
                if (field.IsRepeated) foreach (var item in (System.Collections.IEnumerable)value) TrimStrings((IMessage)item);
                else if (value is IMessage nested) TrimStrings(nested);
            }
        }
    }
}
