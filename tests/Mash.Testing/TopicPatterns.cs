namespace Mash.Testing;

/// <summary>
/// RabbitMQ's topic matching, for tests that hold a consumer's bindings against the events it acts
/// on: words are separated by dots, <c>*</c> stands for one word and <c>#</c> for none or more.
/// </summary>
public static class TopicPatterns
{
    public static bool Matches(string pattern, string key) => Matches(pattern.Split('.'), key.Split('.'));

    public static bool MatchesAny(IEnumerable<string> patterns, string key) => patterns.Any(p => Matches(p, key));

    static bool Matches(ReadOnlySpan<string> pattern, ReadOnlySpan<string> key)
    {
        if (pattern.IsEmpty) return key.IsEmpty;
        if (pattern[0] == "#")
        {
            for (var skip = 0; skip <= key.Length; skip++)
                if (Matches(pattern[1..], key[skip..])) return true;
            return false;
        }
        return !key.IsEmpty && (pattern[0] == "*" || pattern[0] == key[0]) && Matches(pattern[1..], key[1..]);
    }
}
