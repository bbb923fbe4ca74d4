using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;

namespace CartifFlow.Engine.Runtime;

/// <summary>Checks the input of a start or a step: its texts' length, and a start's parameters against the definition.</summary>
internal static class ParameterBinding
{
    /// <summary>
    /// A refusal naming the first text in <paramref name="input"/> longer than <see cref="WorkflowEngine.MaxInputText"/>,
    /// or null. Input is copied into the instance's variables and into every message a step writes, so none is taken
    /// without a limit; domain checks set tighter ones per field.
    /// </summary>
    public static StepResult? TooLong(JsonNode? input, string path)
    {
        switch (input)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    if (TooLong(value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (TooLong(a[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Length > WorkflowEngine.MaxInputText:
                var field = path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..];
                return new StepResult(StepOutcome.Invalid, null, $"'{field}' is {text.Length:N0} characters long; at most {WorkflowEngine.MaxInputText:N0} are kept.", field)
                {
                    Code = "too-long",
                    Arguments = [field, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), WorkflowEngine.MaxInputText.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                };
            default:
                return null;
        }
    }

    /// <summary>The instance's variables from the supplied parameters and the definition's defaults, or the first error and its field.</summary>
    public static (JsonObject Variables, string? Error, string? Field) Bind(WorkflowDefinition definition, JsonObject? supplied)
    {
        var variables = new JsonObject();
        supplied ??= [];
        foreach (var (name, _) in supplied)
        {
            if (!definition.Parameters.ContainsKey(name))
            {
                return (variables, $"'{name}' is not a parameter of {definition.Id} (parameters: {string.Join(", ", definition.Parameters.Keys)}).", $"parameters.{name}");
            }
        }

        foreach (var parameter in definition.Parameters.Values)
        {
            if (supplied.TryGetPropertyValue(parameter.Name, out var node) && node is not null)
            {
                var (value, error) = ParameterValues.FromJson(parameter, node);
                if (error is not null)
                {
                    return (variables, $"'{parameter.Name}' {error}", $"parameters.{parameter.Name}");
                }

                variables[parameter.Name] = value;
            }
            else if (parameter.Default is not null)
            {
                variables[parameter.Name] = parameter.Default.DeepClone();
            }
            else if (parameter.Required)
            {
                return (variables, $"'{parameter.Name}' is required.", $"parameters.{parameter.Name}");
            }
        }

        return (variables, null, null);
    }
}
