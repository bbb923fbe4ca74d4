using System.Globalization;
using System.Security.Claims;
using System.Text;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using Microsoft.AspNetCore.Mvc;

namespace CartifFlow.Web.Drafts;

/// <summary>
/// The negotiating texts over HTTP: every area's draft, its revisions in JSON, HTML, Markdown or Word, compared and
/// measured; the Secretariat imports, edits and circulates revisions; each party keeps private notes. Who reads what
/// is <see cref="DraftReaders"/>: a refusal is 403 with ProblemDetails, as is every error.
/// </summary>
internal static class DraftsApi
{
    /// <summary>Body limit of every drafts endpoint but the import (1 MiB).</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapDrafts(this IEndpointRouteBuilder routes)
    {
        var drafts = routes.MapGroup("/api/drafts").WithTags("Drafts").RequireAuthorization();
        drafts.MapGet("/", List).WithSummary("Every area's draft you may read, with its convergence.");
        drafts.MapGet("/{area}", Get).WithSummary("One area's draft: the revisions you may read (observers: circulated ones), its convergence, what you may do.");
        drafts.MapPost("/{area}/revisions", Import)
            .WithSummary("A new revision from a Word file (multipart field 'file', .docx or .md, optional field 'note') or a text/markdown body (optional ?note=). Every fault of the file at once, nothing saved (Secretariat).")
            .RequireAuthorization(PageAuthentication.SecretariatPolicy)
            .WithMetadata(new RequestSizeLimitAttribute(DraftImports.MaxFileBytes + 64 * 1024))
            .DisableAntiforgery();
        drafts.MapGet("/{area}/revisions/{n:int}", Revision).WithSummary("One revision: ?format=json (canonical, default), html, markdown or docx.");
        drafts.MapPost("/{area}/revisions/{n:int}/circulation", Circulate).WithSummary("Circulate a revision: observers read it from now on (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        drafts.MapPost("/{area}/provisions/{id}/wording", Edit).WithSummary("Revision N+1 with one paragraph's wording replaced, in the import convention (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        drafts.MapGet("/{area}/compare", Compare).WithSummary("Two revisions compared provision by provision (matched by stable id) and word by word: ?from=N&to=M.");
        drafts.MapGet("/{area}/convergence", Measure).WithSummary("Convergence of the newest revision you may read (totals, per article), across revisions, and the sole holdings you may see.");
        drafts.MapPost("/{area}/procedures", LaunchProcedure).WithSummary("Launch a written procedure on provisions of the newest revision, each with its proposed final wording (Secretariat).").RequireAuthorization(PageAuthentication.SecretariatPolicy).WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        drafts.MapGet("/{area}/referrals", Referrals).WithSummary("Provisions referred to the working group by written procedures not adopted, with each objection's reason and wording: pending ones, or ?all=true (Secretariat and member parties).");
        drafts.MapGet("/{area}/notes", Notes).WithSummary("Your party's private drafting notes on the area's provisions (no one else sees them, the Secretariat included).");
        drafts.MapPut("/{area}/notes/{id}", SaveNote).WithSummary("Write your party's private note on a provision (empty text removes it).").WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));
        return routes;
    }

    private static async Task<IResult> List(ClaimsPrincipal user, DraftLibrary library, CancellationToken cancellationToken)
    {
        var shelves = await library.ShelvesAsync(user, cancellationToken);
        var list = new List<DraftSummary>();
        foreach (var shelf in shelves)
        {
            var current = shelf.Current;
            var text = current is null ? null : await library.TextAsync(shelf.Area.Code, current, cancellationToken);
            list.Add(new DraftSummary(shelf.Area.Code, shelf.Area.Name, shelf.Access, current?.Revision, text is null ? null : library.Convergence(current!, text).Totals));
        }

        return TypedResults.Ok(list);
    }

    /// <summary>The shelf the caller may read, or the ProblemDetails (404 unknown area, 403 not theirs).</summary>
    public static async Task<(DraftShelf? Shelf, IResult? Problem)> ReadableAsync(ClaimsPrincipal user, DraftLibrary library, string area, CancellationToken cancellationToken)
    {
        var shelf = await library.ShelfAsync(user, area, cancellationToken);
        if (shelf is null)
        {
            return (null, WorkflowCommands.NotFound("negotiating area", area));
        }

        return shelf.Access == DraftAccess.None
            ? (null, WorkflowCommands.Forbidden($"The {shelf.Area.Code} draft is read by the Secretariat, the members of its working group and its observers; you are none of them."))
            : (shelf, null);
    }

    private static async Task<IResult> Get(string area, ClaimsPrincipal user, DraftLibrary library, [AsParameters] ApiRequest r)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, r.Cancellation);
        if (shelf is null)
        {
            return problem!;
        }

        var current = shelf.Current;
        var text = current is null ? null : await library.TextAsync(shelf.Area.Code, current, r.Cancellation);
        var youMay = shelf.Instance is null ? (shelf.Access == DraftAccess.Edit ? ["import-revision"] : []) : await r.YouMayAsync(shelf.Instance.Id);
        return TypedResults.Ok(new DraftView(
            shelf.Area.Code, shelf.Area.Name, shelf.Access, shelf.Instance?.State, current?.Revision,
            text is null ? null : library.Convergence(current!, text).Totals,
            [.. shelf.Revisions.Select(DraftRevisionView.From)],
            youMay));
    }

    private static async Task<IResult> Import(string area, string? note, HttpContext http, ClaimsPrincipal user, DraftLibrary library, DraftImports imports, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Stream? file = null;
        string? document = null, format = null;
        try
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(cancellationToken);
                var upload = form.Files.GetFile("file");
                note = form["note"].FirstOrDefault() ?? note;
                if (upload is null || upload.Length == 0)
                {
                    errors["file"] = ["Attach the revision as the form field 'file': a Word document (.docx) or a Markdown file (.md)."];
                }
                else if (upload.Length > DraftImports.MaxFileBytes)
                {
                    errors["file"] = [$"The file is {upload.Length:N0} bytes; at most {DraftImports.MaxFileBytes:N0} are taken."];
                }
                else if (FormatOf(upload.FileName, upload.ContentType) is not { } f)
                {
                    errors["file"] = ["The file is a Word document (.docx) or a Markdown file (.md, .txt)."];
                }
                else
                {
                    format = f;
                    document = Path.GetFileName(upload.FileName);
                    file = new MemoryStream();
                    await upload.CopyToAsync(file, cancellationToken);
                    file.Position = 0;
                }
            }
            else if (http.Request.ContentType?.Split(';')[0].Trim() is "text/markdown" or "text/plain")
            {
                format = "markdown";
                document = "markdown";
                file = new MemoryStream();
                var buffer = new byte[81920];
                int read;
                while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken)) > 0 && file.Length <= DraftImports.MaxFileBytes)
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                if (file.Length > DraftImports.MaxFileBytes)
                {
                    errors["file"] = [$"The body is larger than {DraftImports.MaxFileBytes:N0} bytes."];
                }

                file.Position = 0;
            }
            else
            {
                errors["file"] = ["Send the revision as multipart/form-data with the field 'file' (.docx or .md), or as a text/markdown body."];
            }
        }
        catch (InvalidDataException ex)
        {
            errors["file"] = [$"The form cannot be read: {ex.Message}"];
        }

        FieldError.Limit(errors, "note", note, DraftSteps.MaxNote);
        if (errors.Count > 0)
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }

            return WorkflowCommands.Invalid(errors);
        }

        await using (file)
        {
            var change = await imports.ImportAsync(user, shelf.Area.Code, file!, document!, format!, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), cancellationToken);
            if (change.Faults.Count > 0)
            {
                return Faults(change.Faults);
            }

            if (!change.Applied)
            {
                return StepProblems.From(change.Refusal!);
            }

            var created = (await library.ShelfAsync(user, shelf.Area.Code, cancellationToken))!.Revision(change.Revision!.Value)!;
            return TypedResults.Created($"/api/drafts/{shelf.Area.Code}/revisions/{change.Revision.Value.ToString(CultureInfo.InvariantCulture)}", DraftRevisionView.From(created));
        }
    }

    private static string? FormatOf(string? fileName, string? contentType) => DraftImports.FormatOf(fileName, contentType);

    /// <summary>400 with every fault of the file under <c>file</c>, and each one's kind and location under <c>faults</c>.</summary>
    public static IResult Faults(IReadOnlyList<DraftImportFault> faults) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["file"] = [.. faults.Select(f => f.ToString())] },
        title: "The file cannot be imported",
        detail: $"{faults.Count} fault(s); nothing was saved.",
        extensions: new Dictionary<string, object?> { ["faults"] = faults.Select(f => new { kind = f.Kind.ToString(), location = f.Location, message = f.Message }).ToList() });

    private static async Task<IResult> Revision(string area, int n, string? format, ClaimsPrincipal user, DraftLibrary library, HttpContext http, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        if (format is not (null or "json" or "html" or "markdown" or "docx"))
        {
            return WorkflowCommands.Invalid(new() { ["format"] = ["The format is json, html, markdown or docx."] });
        }

        var revision = shelf.Revision(n);
        if (revision is null)
        {
            return WorkflowCommands.NotFound($"revision of the {shelf.Area.Code} draft you may read", n.ToString(CultureInfo.InvariantCulture));
        }

        if (!revision.Structured)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No structured text", detail: $"Revision {n} was recorded by a round as a document ('{revision.Document}') without a structured text.");
        }

        http.Response.Headers.ETag = $"\"{revision.ContentHash}\"";
        var text = (await library.TextAsync(shelf.Area.Code, revision, cancellationToken))!;
        var name = $"{shelf.Area.Code}-revision-{n.ToString(CultureInfo.InvariantCulture)}";
        switch (format)
        {
            case "html":
                return TypedResults.Content(DraftHtml.Write(text), "text/html; charset=utf-8");
            case "markdown":
                return TypedResults.Text(DraftMarkdown.Write(text), "text/markdown; charset=utf-8", Encoding.UTF8);
            case "docx":
                var stream = new MemoryStream();
                var provenance = SeesProvenance(shelf) ? await library.ProvenanceAsync(shelf.Area.Code, n, cancellationToken) : null;
                DraftDocx.Write(text, Cover(shelf, revision, library.Convergence(revision, text).Totals), stream, provenance is null ? null : ProvenanceAnnex(provenance));
                stream.Position = 0;
                return TypedResults.File(stream, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name + ".docx");
            default:
                return TypedResults.Text((await library.ContentAsync(shelf.Area.Code, n, cancellationToken))!, "application/json; charset=utf-8", Encoding.UTF8);
        }
    }

    /// <summary>
    /// Whether the reader sees a consolidated revision's provenance table (the round's record: every party's proposals
    /// and what became of them): the Secretariat and the member parties, not the observers, who read the text only
    /// (<see cref="CartifFlow.Negotiation.Rounds.RoundVisibility"/>).
    /// </summary>
    public static bool SeesProvenance(DraftShelf shelf) => shelf.Access is DraftAccess.Edit or DraftAccess.All;

    /// <summary>The annex of a consolidated revision's export: its provenance table, one row per contribution.</summary>
    public static DraftAnnex ProvenanceAnnex(CartifFlow.Negotiation.Rounds.ProvenanceTable table) => new(
        $"Annex: provenance of revision {table.ToRevision.ToString(CultureInfo.InvariantCulture)} (round {table.Round}, from revision {table.FromRevision.ToString(CultureInfo.InvariantCulture)})",
        ["Provision", "No.", "Party", "Contribution", "Decision", "With", "Wording", "Reasoning"],
        [.. table.Entries.Select(e => (IReadOnlyList<string>)[
            e.Provision, e.Number == 0 ? "" : e.Number.ToString(CultureInfo.InvariantCulture), e.Party.Length == 0 ? "Secretariat" : e.Party, e.Kind, e.Decision,
            string.Join(", ", e.With), e.Wording ?? "", (e.Reasoning ?? "") + (e.Source is { } s ? $" [{s}]" : "")])]);

    /// <summary>The cover page of an exported revision; the date is the seat's.</summary>
    public static DraftCover Cover(DraftShelf shelf, DraftRevisionInfo revision, ConvergenceFigures figures) =>
        new(shelf.Area.Code, shelf.Area.Name, revision.Revision, DateOnly.FromDateTime(revision.At.UtcDateTime), figures);

    private static async Task<IResult> Circulate(string area, int n, ClaimsPrincipal user, DraftLibrary library, DraftImports imports, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var change = await imports.CirculateAsync(user, shelf.Area.Code, n, cancellationToken);
        return change.Applied
            ? TypedResults.Ok(DraftRevisionView.From((await library.ShelfAsync(user, shelf.Area.Code, cancellationToken))!.Revision(n)!))
            : StepProblems.From(change.Refusal!);
    }

    private static async Task<IResult> Edit(string area, string id, DraftEditRequest request, ClaimsPrincipal user, DraftLibrary library, DraftImports imports, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.BasedOn is null)
        {
            errors["basedOn"] = ["Name the revision the edit was made on (basedOn)."];
        }

        if (string.IsNullOrWhiteSpace(request.Text))
        {
            errors["text"] = ["Give the provision's new wording."];
        }

        FieldError.Limit(errors, "text", request.Text, DraftSteps.MaxProvisionText);
        FieldError.Limit(errors, "note", request.Note, DraftSteps.MaxNote);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var change = await imports.EditAsync(user, shelf.Area.Code, request.BasedOn, id, request.Text, request.Note, cancellationToken);
        if (!change.Applied)
        {
            return StepProblems.From(change.Refusal!);
        }

        var created = (await library.ShelfAsync(user, shelf.Area.Code, cancellationToken))!.Revision(change.Revision!.Value)!;
        return TypedResults.Created($"/api/drafts/{shelf.Area.Code}/revisions/{created.Revision.ToString(CultureInfo.InvariantCulture)}", DraftRevisionView.From(created));
    }

    private static async Task<IResult> Compare(string area, int? from, int? to, ClaimsPrincipal user, DraftLibrary library, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var a = from is null ? null : shelf.Revision(from.Value);
        var b = to is null ? null : shelf.Revision(to.Value);
        if (a is not { Structured: true })
        {
            errors["from"] = [$"'from' is a revision of the {shelf.Area.Code} draft with a structured text that you may read."];
        }

        if (b is not { Structured: true })
        {
            errors["to"] = [$"'to' is a revision of the {shelf.Area.Code} draft with a structured text that you may read."];
        }

        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var comparison = DraftComparer.Compare((await library.TextAsync(shelf.Area.Code, a!, cancellationToken))!, (await library.TextAsync(shelf.Area.Code, b!, cancellationToken))!);
        return TypedResults.Ok(new DraftCompareView(shelf.Area.Code, a!.Revision, b!.Revision, comparison));
    }

    private static async Task<IResult> Measure(string area, ClaimsPrincipal user, DraftLibrary library, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        if (shelf.Current is not { } current)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No text yet", detail: $"The {shelf.Area.Code} draft has no revision with a structured text that you may read.");
        }

        var measured = (await library.TextAsync(shelf.Area.Code, current, cancellationToken))!;
        var convergence = library.Convergence(current, measured, await library.OverlayAsync(shelf.Area.Code, measured, cancellationToken));
        var history = await library.HistoryAsync(shelf, cancellationToken);
        return TypedResults.Ok(new DraftConvergenceView(current.Revision, convergence.Totals, convergence.Articles, [.. history.Select(h => new RevisionFigures(h.Revision, h.Figures))], SoleHoldingsFor(shelf, convergence)));
    }

    private static async Task<IResult> LaunchProcedure(string area, DraftProcedureRequest request, HttpContext http, ClaimsPrincipal user, DraftLibrary library, DraftProcedures procedures, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var current = shelf.Current;
        var text = current is null ? null : await library.TextAsync(shelf.Area.Code, current, cancellationToken);
        var outcome = await procedures.LaunchAsync(user, shelf.Area.Code, text, request, cancellationToken, IdempotencyKeys.From(http));
        if (outcome.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(FieldError.Messages(outcome.Errors));
        }

        if (outcome.Refusal is { } refusal)
        {
            return StepProblems.From(refusal);
        }

        IdempotencyKeys.MarkReplayed(http, outcome.Replayed);
        var view = await library.ProcedureViewAsync(outcome.Key!, user, cancellationToken);
        return TypedResults.Created($"/api/procedures/{Uri.EscapeDataString(outcome.Key!)}", view);
    }

    private static async Task<IResult> Referrals(string area, bool? all, ClaimsPrincipal user, DraftLibrary library, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        // The referrals carry each objecting party's reason: the record's readers (the Secretariat, the taking-part
        // members), not observers.
        if (shelf.Access is not (DraftAccess.Edit or DraftAccess.All))
        {
            return WorkflowCommands.Forbidden("The referrals carry the parties' objections: the Secretariat and the working group's members read them.");
        }

        var referrals = await library.ReferralsAsync(shelf.Area.Code, all == true, cancellationToken);
        return TypedResults.Ok(referrals.Select(ProvisionReferralView.From).ToList());
    }

    /// <summary>Sole holdings a reader may see: all for the Secretariat, a member party's own, none otherwise.</summary>
    public static IReadOnlyList<SoleHolding> SoleHoldingsFor(DraftShelf shelf, DraftConvergence convergence) => shelf.Access switch
    {
        DraftAccess.Edit => convergence.SoleHoldings,
        DraftAccess.All or DraftAccess.Circulated when shelf.Readers.Party is { } party => convergence.SoleHoldingsOf(party),
        _ => [],
    };

    private static async Task<IResult> Notes(string area, ClaimsPrincipal user, DraftLibrary library, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await NotesShelfAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var notes = await library.NotesAsync(shelf.Area.Code, shelf.Readers.Party!, cancellationToken);
        return TypedResults.Ok(notes.Values.OrderBy(n => n.ProvisionId, StringComparer.Ordinal).Select(PrivateNoteView.From).ToList());
    }

    private static async Task<IResult> SaveNote(string area, string id, PrivateNoteRequest request, ClaimsPrincipal user, DraftLibrary library, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await NotesShelfAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return problem!;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (id.Length > 100)
        {
            errors["id"] = ["A provision's stable id has at most 100 characters."];
        }

        FieldError.Limit(errors, "text", request.Text, DraftSteps.MaxNote);
        if (errors.Count > 0)
        {
            return WorkflowCommands.Invalid(errors);
        }

        var note = await library.SaveNoteAsync(shelf.Area.Code, shelf.Readers.Party!, id, request.Text, user.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
        return note is null ? TypedResults.NoContent() : TypedResults.Ok(PrivateNoteView.From(note));
    }

    private static async Task<(DraftShelf? Shelf, IResult? Problem)> NotesShelfAsync(ClaimsPrincipal user, DraftLibrary library, string area, CancellationToken cancellationToken)
    {
        var (shelf, problem) = await ReadableAsync(user, library, area, cancellationToken);
        if (shelf is null)
        {
            return (null, problem);
        }

        return shelf.Readers.MayKeepNotes(shelf.Area.Code)
            ? (shelf, null)
            : (null, WorkflowCommands.Forbidden("Private drafting notes belong to a party: only its own people who read the area keep and read them."));
    }
}
