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

    /// <summary>Proposed wording with an objection.</summary>
    public string? ProposedWording { get; set; }

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
