using Mash.BuildingBlocks.Validation;
using Xunit;

namespace Mash.BuildingBlocks.Tests;

public sealed class FreeTextTests
{
    [Fact]
    public void Free_text_is_held_to_its_length_and_keeps_no_control_characters_but_line_breaks_and_tabs()
    {
        Assert.Null(FreeText.Problem("Seen at school.\r\nMother present\tthroughout.", 100));
        Assert.Null(FreeText.Problem(new string('a', 10), 10));
        Assert.Equal("must be at most 10 characters", FreeText.Problem(new string('a', 11), 10));
        Assert.Equal("must not contain control characters", FreeText.Problem("bell\u0007", 100));
        // Too long is said first: one violation a field.
        Assert.Equal("must be at most 3 characters", FreeText.Problem("\u0000\u0000\u0000\u0000", 3));
    }
}
