using System.Globalization;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Definitions;

namespace CartifFlow.Engine.Runtime;

/// <summary>Checks the input of a start or a step: its texts' length, and a start's parameters against the definition (types, required, each one's <c>max-length</c>).</summary>
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
                return TooLongFor(path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..], text.Length, WorkflowEngine.MaxInputText);
            default:
                return null;
        }
    }

    /// <summary>
    /// The instance's variables from the supplied parameters and the definition's defaults, or the first refusal and its
    /// field: an undeclared or missing parameter, a value of the wrong type, or a text longer than its parameter's
    /// <see cref="ParameterDefinition.MaxLength"/> (code <c>too-long</c>, at the parameter's name, as for the engine's own limit).
    /// </summary>
    public static (JsonObject Variables, StepResult? Refused) Bind(WorkflowDefinition definition, JsonObject? supplied)
    {
        var variables = new JsonObject();
        supplied ??= [];
        foreach (var (name, _) in supplied)
        {
            if (!definition.Parameters.ContainsKey(name))
            {
                return (variables, Invalid($"'{name}' is not a parameter of {definition.Id} (parameters: {string.Join(", ", definition.Parameters.Keys)}).", $"parameters.{name}"));
            }
        }

        foreach (var parameter in definition.Parameters.Values)
        {
            if (supplied.TryGetPropertyValue(parameter.Name, out var node) && node is not null)
            {
                var (value, error) = ParameterValues.FromJson(parameter, node);
                if (error is not null)
                {
                    return (variables, Invalid($"'{parameter.Name}' {error}", $"parameters.{parameter.Name}"));
                }

                if (parameter.MaxLength is { } max && value is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > max)
                {
                    return (variables, TooLongFor(parameter.Name, text.Length, max));
                }

                variables[parameter.Name] = value;
            }
            else if (parameter.Default is not null)
            {
                variables[parameter.Name] = parameter.Default.DeepClone();
            }
            else if (parameter.Required)
            {
                return (variables, Invalid($"'{parameter.Name}' is required.", $"parameters.{parameter.Name}"));
            }
        }

        return (variables, null);
    }

    private static StepResult Invalid(string message, string field) => new(StepOutcome.Invalid, null, message, field);

    /// <summary>The refusal of a text longer than <paramref name="max"/> at <paramref name="field"/> (the pages say it as <c>step.too-long</c>).</summary>
    private static StepResult TooLongFor(string field, int length, int max) =>
        new(StepOutcome.Invalid, null, $"'{field}' is {length:N0} characters long; at most {max:N0} are kept.", field)
        {
            Code = "too-long",
            Arguments = [field, length.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)],
        };
}
