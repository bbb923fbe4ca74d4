using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace CartifFlow.TestSupport;

/// <summary>
/// Which namespaces of a compiled assembly use which, read from the assembly's metadata and IL (signatures, base types,
/// attributes, locals, and every type, method and field an instruction names), so a reference hidden in a method body or
/// a lambda counts as much as a <c>using</c>. A nested (or compiler-generated) type counts as its outermost type.
/// </summary>
public sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, string>> _edges = new(StringComparer.Ordinal);

    private NamespaceGraph()
    {
    }

    /// <summary>The namespaces each namespace uses, each with one example (<c>Type -> Type</c>).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Edges => _edges;

    /// <summary>
    /// Reads the namespaces under <paramref name="rootNamespace"/> (itself included) of the assembly at <paramref name="path"/>.
    /// Types named in <paramref name="compositionRoots"/> (full names) are left out as users: they wire every feature together on purpose.
    /// </summary>
    public static NamespaceGraph Read(string path, string rootNamespace, params string[] compositionRoots)
    {
        var graph = new NamespaceGraph();
        using var module = ModuleDefinition.ReadModule(path, new ReaderParameters { ReadSymbols = false });
        foreach (var type in module.Types)
        {
            if (!InScope(type.Namespace, rootNamespace) || compositionRoots.Contains(type.FullName, StringComparer.Ordinal))
            {
                continue;
            }

            var used = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var nested in WithNested(type))
            {
                Collect(nested, module, used);
            }

            foreach (var (target, example) in used)
            {
                if (target != type.Namespace && InScope(target, rootNamespace))
                {
                    var from = graph.Edge(type.Namespace);
                    from.TryAdd(target, $"{type.FullName} -> {example}");
                }
            }
        }

        return graph;
    }

    /// <summary>Leaves out the uses of <paramref name="to"/> by <paramref name="from"/> (a known cycle not broken yet); false when there were none.</summary>
    public bool Remove(string from, string to) => _edges.TryGetValue(from, out var uses) && uses.Remove(to);

    /// <summary>The namespaces that reach each other in a circle (strongly connected components of more than one), each sorted.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            indices[node] = low[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in _edges.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!indices.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var node in _edges.Keys.Concat(_edges.Values.SelectMany(e => e.Keys)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!indices.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }

    /// <summary>Each cycle with the references that make it, one line each (what a failing test prints).</summary>
    public string Describe(IEnumerable<IReadOnlyList<string>> cycles)
    {
        ArgumentNullException.ThrowIfNull(cycles);
        var text = new StringBuilder();
        foreach (var cycle in cycles)
        {
            text.Append("cycle: ").AppendJoin(", ", cycle).AppendLine();
            foreach (var from in cycle)
            {
                foreach (var (to, example) in _edges.GetValueOrDefault(from) ?? [])
                {
                    if (cycle.Contains(to))
                    {
                        text.Append("  ").Append(from).Append(" -> ").Append(to).Append(": ").AppendLine(example);
                    }
                }
            }
        }

        return text.ToString();
    }

    private Dictionary<string, string> Edge(string from)
    {
        if (!_edges.TryGetValue(from, out var to))
        {
            _edges[from] = to = new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return to;
    }

    private static bool InScope(string ns, string root) =>
        ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static IEnumerable<TypeDefinition> WithNested(TypeDefinition type)
    {
        yield return type;
        foreach (var nested in type.NestedTypes.SelectMany(WithNested))
        {
            yield return nested;
        }
    }

    private static void Collect(TypeDefinition type, ModuleDefinition module, Dictionary<string, string> used)
    {
        void Add(TypeReference? reference) => AddType(reference, module, used);

        Add(type.BaseType);
        foreach (var i in type.Interfaces)
        {
            Add(i.InterfaceType);
        }

        Attributes(type.CustomAttributes, Add);
        Constraints(type.GenericParameters, Add);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            Attributes(field.CustomAttributes, Add);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            Attributes(property.CustomAttributes, Add);
        }

        foreach (var e in type.Events)
        {
            Add(e.EventType);
        }

        foreach (var method in type.Methods)
        {
            Add(method.ReturnType);
            Attributes(method.CustomAttributes, Add);
            Constraints(method.GenericParameters, Add);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
                Attributes(parameter.CustomAttributes, Add);
            }

            if (!method.HasBody)
            {
                continue;
            }

            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }

            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t:
                        Add(t);
                        break;
                    case MethodReference m:
                        Add(m.DeclaringType);
                        Add(m.ReturnType);
                        foreach (var p in m.Parameters)
                        {
                            Add(p.ParameterType);
                        }

                        if (m is GenericInstanceMethod g)
                        {
                            foreach (var a in g.GenericArguments)
                            {
                                Add(a);
                            }
                        }

                        break;
                    case FieldReference f:
                        Add(f.DeclaringType);
                        Add(f.FieldType);
                        break;
                    case CallSite c:
                        Add(c.ReturnType);
                        break;
                }
            }
        }
    }

    private static void Attributes(IEnumerable<CustomAttribute> attributes, Action<TypeReference?> add)
    {
        foreach (var attribute in attributes)
        {
            add(attribute.AttributeType);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument)))
            {
                add(argument.Type);
                add(argument.Value as TypeReference);
            }
        }
    }

    private static void Constraints(IEnumerable<GenericParameter> parameters, Action<TypeReference?> add)
    {
        foreach (var constraint in parameters.SelectMany(p => p.Constraints))
        {
            add(constraint.ConstraintType);
        }
    }

    private static void AddType(TypeReference? reference, ModuleDefinition module, Dictionary<string, string> used)
    {
        switch (reference)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                AddType(generic.ElementType, module, used);
                foreach (var argument in generic.GenericArguments)
                {
                    AddType(argument, module, used);
                }

                return;
            case TypeSpecification specification:
                AddType(specification.ElementType, module, used);
                return;
        }

        if (reference.Scope != module && reference is not TypeDefinition)
        {
            return;
        }

        var outer = reference;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }

        used.TryAdd(outer.Namespace, outer.FullName);
    }
}
