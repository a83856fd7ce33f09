using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace Mash.Console.Forms;

/// <summary>
/// An empty text box binds as "" rather than null: the contracts' strings are never null, and the
/// services, not the binder, decide what an empty field means.
/// </summary>
public sealed class KeepEmptyStrings : IDisplayMetadataProvider
{
    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (context.Key.ModelType == typeof(string)) context.DisplayMetadata.ConvertEmptyStringToNull = false;
    }
}
