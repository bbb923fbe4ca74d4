namespace CartifFlow.Engine.Definitions;

/// <summary>A place in a definition file, 1-based, used in every validation message.</summary>
/// <param name="File">The file's path as the loader was given it (or, for a C# activity, <c>activity 'name'</c>).</param>
/// <param name="Line">1-based line; 0 for a place that has none (a C# activity).</param>
/// <param name="Column">1-based column; 0 for a place that has none.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}

/// <summary>One fault found in a definition, rendered as <c>file:line:col: message</c>.</summary>
public sealed record DefinitionError(SourceLocation Location, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Message}";
}

/// <summary>Thrown when a set of definitions is invalid; the host refuses to start on it.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    /// <summary>Creates the exception from the faults found.</summary>
    public WorkflowDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base("Invalid workflow definitions:" + Environment.NewLine + string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Every fault, in file and line order.</summary>
    public IReadOnlyList<DefinitionError> Errors { get; }
}
