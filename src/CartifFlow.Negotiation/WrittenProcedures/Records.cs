namespace CartifFlow.Negotiation.WrittenProcedures;

/// <summary>A party's answer to a written procedure.</summary>
public enum ResponseKind
{
    /// <summary>Agrees.</summary>
    Agree,
    /// <summary>Agrees, with comments for the record.</summary>
    AgreeWithComments,
    /// <summary>Objects: breaks silence. A reason is required.</summary>
    Object,
}

/// <summary>The names responses have in the API, templates and records.</summary>
public static class ResponseKinds
{
    /// <summary><c>agree</c>, <c>agree-with-comments</c> or <c>object</c>.</summary>
    public static string Name(ResponseKind kind) => kind switch
    {
        ResponseKind.Agree => "agree",
        ResponseKind.AgreeWithComments => "agree-with-comments",
        _ => "object",
    };
}

/// <summary>One response; all are kept, the latest of a party counts.</summary>
public sealed class ProcedureResponse
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The procedure's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>The party answered for.</summary>
    public required string PartyCode { get; set; }

    /// <summary>Who answered (focal point or chief negotiator of that party).</summary>
    public required string PersonId { get; set; }

    /// <summary>The answer.</summary>
    public ResponseKind Kind { get; set; }

    /// <summary>Comments or statement attached to the response.</summary>
    public string? Comments { get; set; }

    /// <summary>Reason of an objection.</summary>
    public string? Reason { get; set; }

    /// <summary>Proposed wording with an objection (for every provision the procedure names, unless one has its own).</summary>
    public string? ProposedWording { get; set; }

    /// <summary>
    /// With an objection to a procedure on several provisions: the wording proposed for each provision, as JSON
    /// (stable id → wording; see <see cref="ObjectionWordings"/>); a provision without one takes <see cref="ProposedWording"/>.
    /// </summary>
    public string? ProvisionWordings { get; set; }

    /// <summary>When received.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>An item put on a working group's agenda (e.g. a provision whose written procedure failed).</summary>
public sealed class AgendaItem
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>The negotiating area whose working group takes it up.</summary>
    public required string AreaCode { get; set; }

    /// <summary>Where it came from (e.g. the procedure key).</summary>
    public required string Source { get; set; }

    /// <summary>What to discuss.</summary>
    public required string Subject { get; set; }

    /// <summary>Objections and proposals that led here.</summary>
    public string? Details { get; set; }

    /// <summary>When added.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The record of a closed procedure, rendered once when it closes.</summary>
public sealed class ProcedureRecord
{
    /// <summary>The procedure's workflow instance.</summary>
    public Guid InstanceId { get; set; }

    /// <summary>The procedure key.</summary>
    public required string ProcedureKey { get; set; }

    /// <summary>The outcome state.</summary>
    public required string Outcome { get; set; }

    /// <summary>The record as Markdown.</summary>
    public required string Markdown { get; set; }

    /// <summary>The record as HTML.</summary>
    public required string Html { get; set; }

    /// <summary>When closed.</summary>
    public DateTimeOffset ClosedAt { get; set; }
}

/// <summary>An objection's wording per provision (<see cref="ProcedureResponse.ProvisionWordings"/>), read and written once.</summary>
public static class ObjectionWordings
{
    /// <summary>The wordings by provision (empty when none).</summary>
    public static IReadOnlyDictionary<string, string> Read(string? json) =>
        string.IsNullOrEmpty(json) ? new Dictionary<string, string>(StringComparer.Ordinal)
            : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The stored form (null when there is none), in the order given.</summary>
    public static string? Write(IEnumerable<KeyValuePair<string, string>> wordings)
    {
        var list = wordings.ToList();
        return list.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(list.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>The wording an objection proposes for one provision: its own, else the objection's general wording.</summary>
    public static string? For(ProcedureResponse response, string provisionId)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Read(response.ProvisionWordings).TryGetValue(provisionId, out var own) ? own : response.ProposedWording;
    }
}
