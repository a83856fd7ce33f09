using System.Globalization;
using Npgsql;

namespace Mash.BuildingBlocks.Data;

/// <summary>
/// An interpolated SQL string as PostgreSQL's positional form: each interpolated value becomes a
/// parameter (<c>$n</c>), never text, as in EF's ExecuteSqlAsync. For SQL that EF does not send
/// itself (an NpgsqlBatch) or that is joined to other SQL whose parameters come first.
/// </summary>
public static class PositionalSql
{
    /// <summary>The SQL with <c>$first</c>, <c>$first+1</c> ... in place of the values, and the values in that order.</summary>
    public static (string Sql, object?[] Values) From(FormattableString sql, int first = 1)
    {
        var values = sql.GetArguments();
        var placeholders = Enumerable.Range(first, values.Length).Select(i => (object)$"${i}").ToArray();
        return (string.Format(CultureInfo.InvariantCulture, sql.Format, placeholders), values);
    }

    /// <summary>The values as unnamed parameters, in order (a null is SQL NULL, its type left to the statement).</summary>
    public static IEnumerable<NpgsqlParameter> Parameters(IEnumerable<object?> values) =>
        values.Select(value => new NpgsqlParameter { Value = value ?? DBNull.Value });
}
