using System.Collections;
using System.Linq;
using System.Management.Automation.Language;

namespace CallReports.Commands;

/// <summary>Completes <c>-OrderBy</c> with the CDR fields PortSIP sorts on, ascending and descending.</summary>
public sealed class PortSipOrderByCompleter : IArgumentCompleter
{
    private static readonly string[] Fields =
    {
        "started_at", "ended_at", "answered_at", "caller", "callee", "direction", "duration", "trunk", "destination",
    };

    /// <inheritdoc />
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
        return Fields
            .SelectMany(f => new[] { f + " asc", f + " desc" })
            .Where(v => pattern.IsMatch(v))
            .Select(v => new CompletionResult("'" + v + "'", v, CompletionResultType.ParameterValue, "Sort by " + v));
    }
}
