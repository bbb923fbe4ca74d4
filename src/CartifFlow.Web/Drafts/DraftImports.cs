using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;

namespace CartifFlow.Web.Drafts;

/// <summary>How a change to a draft ended: the revision it made, or every fault of the file, or the engine's refusal.</summary>
/// <param name="Revision">The revision made (or circulated), when the step committed.</param>
/// <param name="Faults">The file's faults: nothing was saved.</param>
/// <param name="Refusal">The engine's refusal: nothing was saved.</param>
public sealed record DraftChange(int? Revision, IReadOnlyList<DraftImportFault> Faults, StepResult? Refusal)
{
    public bool Applied => Revision is not null;
}

/// <summary>
/// The Secretariat's changes to a draft, shared by the API and the pages: a file is read (every fault at once,
/// nothing saved) before anything reaches the engine; then one step of the area's <c>draft</c> workflow adds the
/// revision, audited in the hash chain.
/// </summary>
public sealed class DraftImports(DraftLibrary library, ICartifFlowDbContextFactory factory, WorkflowEngine engine)
{
    /// <summary>Largest file an import takes (20 MiB): a 100-page protocol in Word is well under it.</summary>
    public const long MaxFileBytes = 20L * 1024 * 1024;

    /// <summary>The formats an import reads.</summary>
    public static string? FormatOf(string? fileName, string? contentType) =>
        fileName?.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) == true || contentType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ? "docx"
        : fileName is not null && (fileName.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase)) ? "markdown"
        : contentType is "text/markdown" or "text/plain" ? "markdown"
        : null;

    /// <summary>Reads the file and, when it has no fault, records it as the area's next revision.</summary>
    public async Task<DraftChange> ImportAsync(ClaimsPrincipal user, string area, Stream file, string document, string format, string? note, CancellationToken cancellationToken)
    {
        var parties = await library.PartyCodesAsync(cancellationToken);
        DraftText? previous;
        await using (var db = factory.Create())
        {
            var latest = await DraftStore.LatestStructuredAsync(db, area, cancellationToken);
            previous = latest is null ? null : library.Remember(latest.ContentHash!, latest.Content!);
        }

        var read = format == "docx" ? DraftDocx.Read(file, parties, previous) : ReadMarkdown(file, parties, previous);
        if (!read.Succeeded)
        {
            return new DraftChange(null, read.Faults, null);
        }

        var instance = await InstanceAsync(user, area, start: true, cancellationToken);
        if (instance.Refusal is not null)
        {
            return new DraftChange(null, [], instance.Refusal);
        }

        var payload = new JsonObject { ["content"] = DraftJson.Serialize(read.Text), ["document"] = document, ["format"] = format, ["note"] = note };
        return await FireAsync(user, instance.Id, DraftSteps.ImportRevision, payload, cancellationToken);
    }

    /// <summary>Revision N+1 with one paragraph's wording replaced.</summary>
    public async Task<DraftChange> EditAsync(ClaimsPrincipal user, string area, int? basedOn, string provision, string? text, string? note, CancellationToken cancellationToken)
    {
        var instance = await InstanceAsync(user, area, start: false, cancellationToken);
        return instance.Refusal is not null
            ? new DraftChange(null, [], instance.Refusal)
            : await FireAsync(user, instance.Id, DraftSteps.EditProvision, new JsonObject { ["basedOn"] = basedOn, ["provision"] = provision, ["text"] = text, ["note"] = note }, cancellationToken);
    }

    /// <summary>A revision circulated to the area's readers.</summary>
    public async Task<DraftChange> CirculateAsync(ClaimsPrincipal user, string area, int revision, CancellationToken cancellationToken)
    {
        var instance = await InstanceAsync(user, area, start: false, cancellationToken);
        if (instance.Refusal is not null)
        {
            return new DraftChange(null, [], instance.Refusal);
        }

        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, instance.Id, DraftSteps.CirculateRevision, user.ToActor(), new JsonObject { ["revision"] = revision }, cancellationToken);
        return result.Applied ? new DraftChange(revision, [], null) : new DraftChange(null, [], result);
    }

    /// <summary>Concludes the area's text: the draft takes no more revisions; its revisions stay readable.</summary>
    public async Task<DraftChange> ConcludeAsync(ClaimsPrincipal user, string area, CancellationToken cancellationToken)
    {
        var instance = await InstanceAsync(user, area, start: false, cancellationToken);
        if (instance.Refusal is not null)
        {
            return new DraftChange(null, [], instance.Refusal);
        }

        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, instance.Id, DraftSteps.Conclude, user.ToActor(), new JsonObject(), cancellationToken);
        return result.Applied ? new DraftChange(null, [], null) : new DraftChange(null, [], result);
    }

    private async Task<DraftChange> FireAsync(ClaimsPrincipal user, Guid instance, string trigger, JsonObject payload, CancellationToken cancellationToken)
    {
        var result = await WorkflowCommands.FireOnCurrentVersionAsync(engine, instance, trigger, user.ToActor(), WorkflowCommands.Clean(payload), cancellationToken);
        return result.Applied ? new DraftChange(result.Instance!.IntegerOf("revision"), [], null) : new DraftChange(null, [], result);
    }

    private async Task<(Guid Id, StepResult? Refusal)> InstanceAsync(ClaimsPrincipal user, string area, bool start, CancellationToken cancellationToken)
    {
        var instance = await engine.FindAsync(NegotiationWorkflows.Draft, area, cancellationToken);
        if (instance is not null)
        {
            return (instance.Id, null);
        }

        if (!start)
        {
            return (Guid.Empty, new StepResult(StepOutcome.NotFound, null, $"The {area} draft has no revision yet: import one first.") { Code = "draft-empty", Arguments = [area] });
        }

        var started = await engine.StartAsync(new StartRequest(NegotiationWorkflows.Draft, area, new JsonObject { ["area"] = area }), user.ToActor(), cancellationToken);
        if (started.Applied)
        {
            return (started.Instance!.Id, null);
        }

        // Another import started it at the same moment.
        instance = await engine.FindAsync(NegotiationWorkflows.Draft, area, cancellationToken);
        return instance is null ? (Guid.Empty, started) : (instance.Id, null);
    }

    private static DraftImportResult ReadMarkdown(Stream file, IReadOnlySet<string> parties, DraftText? previous)
    {
        string text;
        try
        {
            using var reader = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
            text = reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            return DraftImportResult.Failure([new DraftImportFault(DraftImportFaultKind.UnreadableFile, "file", "The file is not UTF-8 text.")]);
        }

        return DraftMarkdown.Parse(text, parties, previous);
    }
}
