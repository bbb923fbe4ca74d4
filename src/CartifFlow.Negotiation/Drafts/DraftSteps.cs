using System.Globalization;
using System.Text.Json;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.Drafts;

/// <summary>The draft workflow's names and what its steps share.</summary>
public static class DraftSteps
{
    /// <summary>The workflow (<c>workflows/draft.yaml</c>): one instance per area, keyed by the area's code.</summary>
    public const string WorkflowId = NegotiationWorkflows.Draft;

    /// <summary>Trigger: a revision imported from a file. Payload: <c>content</c> (the parsed text as canonical JSON), <c>document</c>, <c>format</c>, <c>note</c>.</summary>
    public const string ImportRevision = "import-revision";

    /// <summary>Trigger: one provision edited. Payload: <c>basedOn</c>, <c>provision</c> (a paragraph's stable id), <c>text</c> (the convention), <c>note</c>.</summary>
    public const string EditProvision = "edit-provision";

    /// <summary>Trigger: a revision circulated. Payload: <c>revision</c>.</summary>
    public const string CirculateRevision = "circulate-revision";

    /// <summary>The trigger that concludes the text: no more revisions.</summary>
    public const string Conclude = "conclude";

    /// <summary>Longest note a revision keeps.</summary>
    public const int MaxNote = 20_000;

    /// <summary>Longest provision text an edit takes.</summary>
    public const int MaxProvisionText = 100_000;

    /// <summary>Every party code a text names (proposers, supporters, reservations), in order of first appearance.</summary>
    public static IReadOnlyList<string> PartiesNamed(DraftText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var seen = new List<string>();
        void Add(string code)
        {
            if (!seen.Contains(code, StringComparer.Ordinal))
            {
                seen.Add(code);
            }
        }

        void Walk(IEnumerable<Segment> content)
        {
            foreach (var bracket in content.OfType<Bracket>())
            {
                foreach (var option in bracket.Options)
                {
                    foreach (var code in option.ProposedBy.Concat(option.SupportedBy))
                    {
                        Add(code);
                    }

                    Walk(option.Content);
                }
            }
        }

        foreach (var article in text.Articles)
        {
            foreach (var reservation in article.Reservations)
            {
                Add(reservation.Party);
            }

            foreach (var paragraph in article.Paragraphs)
            {
                foreach (var reservation in paragraph.Reservations)
                {
                    Add(reservation.Party);
                }

                Walk(paragraph.Content);
            }
        }

        return seen;
    }

    /// <summary>The area's code of a draft step.</summary>
    internal static string Area(IStepContext context) =>
        StepInput.Variable(context, "area") ?? throw new InvalidOperationException("A draft names its area.");

    /// <summary>Refuses a text naming a party the registry does not know.</summary>
    internal static async Task CheckPartiesAsync(IStepContext context, DraftText text, string field)
    {
        var known = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        if (PartiesNamed(text).FirstOrDefault(c => !known.Contains(c)) is { } unknown)
        {
            throw new StepRejectedException($"The text names the party '{unknown}', which the registry does not know.", field) { Code = "draft-party-unknown", Arguments = [unknown] };
        }
    }

    /// <summary>Adds revision N+1 with its stable ids matched to the newest structured revision; returns its number.</summary>
    internal static async Task<int> AddRevisionAsync(IStepContext context, DraftText text, RevisionSource source, string? reference, string document, string? note, string field)
    {
        var area = Area(context);
        var previous = await DraftStore.LatestStructuredAsync(context.Db, area, context.CancellationToken).ConfigureAwait(false);
        var previousText = previous is null ? null : DraftJson.Deserialize(previous.Content!);
        // Parsing matched the ids to the revision the caller read; any provision still without one gets it here.
        var matched = DraftIdentity.Assign(text, previousText);
        var content = DraftJson.Serialize(matched);
        var hash = DraftStore.Hash(content);
        var number = await DraftStore.LatestNumberAsync(context.Db, area, context.CancellationToken).ConfigureAwait(false) + 1;
        if (previous is not null && previous.ContentHash == hash && previous.Revision == number - 1)
        {
            var n = previous.Revision.ToString(CultureInfo.InvariantCulture);
            throw new StepRejectedException($"The text is the same as revision {n}: there is nothing new to record.", field, StepOutcome.Conflict) { Code = "draft-unchanged", Arguments = [n] };
        }

        context.Db.Set<DraftRevision>().Add(new DraftRevision
        {
            AreaCode = area,
            Revision = number,
            Document = document,
            Summary = note,
            At = context.Now,
            Source = source,
            SourceReference = reference,
            MadeBy = context.Actor.Id,
            Content = content,
            ContentHash = hash,
        });
        context.Variables["revision"] = number;
        return number;
    }

    /// <summary>Reads a revision number from the payload.</summary>
    internal static int RevisionNumber(IStepContext context, string field)
    {
        var n = StepInput.Integer(context.Payload, field)
            ?? throw new StepRejectedException($"Name the revision ('{field}').", field) { Code = "draft-revision-required", Arguments = [field] };
        return n > 0
            ? n
            : throw new StepRejectedException($"'{field}' is a revision's number (1, 2, …).", field) { Code = "draft-revision-invalid", Arguments = [field] };
    }
}

/// <summary><c>open-draft</c>: a draft for a known area, keyed by its code.</summary>
internal sealed class OpenDraft : IWorkflowActivity
{
    public string Name => "open-draft";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var area = DraftSteps.Area(context);
        if (!await context.Db.Set<NegotiatingArea>().AnyAsync(a => a.Code == area, context.CancellationToken).ConfigureAwait(false))
        {
            throw new StepRejectedException($"There is no negotiating area '{area}'.", "area") { Code = "area-unknown", Arguments = [area] };
        }

        if (context.Instance.CorrelationKey != area)
        {
            throw new StepRejectedException($"An area's draft is keyed by the area's code ({area}).", "area") { Code = "draft-key-not-area", Arguments = [area] };
        }
    }
}

/// <summary>
/// <c>record-imported-revision</c>: revision N+1 from the Secretariat's file, parsed (and refused with all its faults)
/// before the step; the step checks the parties it names, matches its stable ids to the previous revision and adds it.
/// </summary>
internal sealed class RecordImportedRevision : IWorkflowActivity
{
    public string Name => "record-imported-revision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var node = context.Payload["content"];
        if (node is null || node.GetValueKind() != JsonValueKind.String)
        {
            throw new StepRejectedException("The revision's text (content) is missing.", "content") { Code = "draft-content-required" };
        }

        DraftText text;
        try
        {
            text = DraftJson.Deserialize(node.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new StepRejectedException($"The revision's text is not a draft's canonical JSON: {ex.Message}", "content") { Code = "draft-content-invalid" };
        }

        await DraftSteps.CheckPartiesAsync(context, text, "content").ConfigureAwait(false);
        var document = StepInput.RequiredText(context.Payload, "document", "Name the file the revision comes from.", code: "draft-document-required", 1000);
        var note = StepInput.Text(context.Payload, "note", DraftSteps.MaxNote);
        await DraftSteps.AddRevisionAsync(context, text, RevisionSource.Import, StepInput.Text(context.Payload, "format", 20), document, note, "file").ConfigureAwait(false);
    }
}

/// <summary>
/// <c>record-edited-provision</c>: revision N+1 made from revision N with one paragraph's wording replaced (written in
/// the import convention: brackets, options, attribution). Refused when revision N is no longer the newest.
/// </summary>
internal sealed class RecordEditedProvision : IWorkflowActivity
{
    public string Name => "record-edited-provision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var area = DraftSteps.Area(context);
        var basedOn = DraftSteps.RevisionNumber(context, "basedOn");
        var latest = await DraftStore.LatestNumberAsync(context.Db, area, context.CancellationToken).ConfigureAwait(false);
        if (basedOn != latest)
        {
            var (b, l) = (basedOn.ToString(CultureInfo.InvariantCulture), latest.ToString(CultureInfo.InvariantCulture));
            throw new StepRejectedException($"The edit was made on revision {b}, but the newest revision is {l}: open the provision again.", "basedOn", StepOutcome.Conflict) { Code = "draft-moved-on", Arguments = [b, l] };
        }

        var row = await DraftStore.RowAsync(context.Db, area, basedOn, context.CancellationToken).ConfigureAwait(false);
        if (row?.Content is null)
        {
            throw new StepRejectedException($"Revision {basedOn.ToString(CultureInfo.InvariantCulture)} has no structured text to edit; import one first.", "basedOn") { Code = "draft-not-structured", Arguments = [basedOn.ToString(CultureInfo.InvariantCulture)] };
        }

        var provision = StepInput.RequiredText(context.Payload, "provision", "Name the provision to edit.", code: "draft-provision-required", 100);
        var wording = StepInput.RequiredText(context.Payload, "text", "Give the provision's new wording.", code: "draft-wording-required", DraftSteps.MaxProvisionText);
        var parties = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var current = DraftJson.Deserialize(row.Content);
        var found = DraftProvisions.Find(current, provision);
        if (found?.Paragraph is null)
        {
            throw new StepRejectedException($"Revision {basedOn.ToString(CultureInfo.InvariantCulture)} has no paragraph '{provision}'.", "provision") { Code = "draft-provision-unknown", Arguments = [provision] };
        }

        // The wording under written procedure is the one the parties are answering on: it changes only by the outcome.
        if ((await ProvisionProcedures.RunningAsync(context.Db, area, context.CancellationToken).ConfigureAwait(false)).TryGetValue(provision, out var procedure))
        {
            throw new StepRejectedException($"{found.Label} is under written procedure {procedure}: its wording changes by the procedure's outcome.", "provision", StepOutcome.Conflict) { Code = "provision-under-procedure", Arguments = [found.Label, procedure] };
        }

        var edit = DraftMarkdown.ReplaceParagraphContent(current, provision, wording, parties);
        if (!edit.Succeeded)
        {
            var faults = string.Join("; ", edit.Faults.Select(f => f.ToString()));
            throw new StepRejectedException($"The new wording cannot be read: {faults}", "text") { Code = "draft-wording-faults", Arguments = [faults] };
        }

        var note = StepInput.Text(context.Payload, "note", DraftSteps.MaxNote) ?? $"{found.Label}: wording edited.";
        await DraftSteps.AddRevisionAsync(context, edit.Text, RevisionSource.Edit, $"revision {basedOn.ToString(CultureInfo.InvariantCulture)}", row.Document, note, "text").ConfigureAwait(false);
    }
}

/// <summary><c>circulate-draft-revision</c>: a revision goes to the area's readers; observers read it from now on.</summary>
internal sealed class CirculateDraftRevision : IWorkflowActivity
{
    public string Name => "circulate-draft-revision";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var area = DraftSteps.Area(context);
        var number = DraftSteps.RevisionNumber(context, "revision");
        var n = number.ToString(CultureInfo.InvariantCulture);
        var row = await DraftStore.RowAsync(context.Db, area, number, context.CancellationToken).ConfigureAwait(false)
            ?? throw new StepRejectedException($"The {area} draft has no revision {n}.", "revision", StepOutcome.NotFound) { Code = "draft-revision-unknown", Arguments = [area, n] };
        if (row.CirculatedAt is { } at)
        {
            throw new StepRejectedException($"Revision {n} was circulated already, at {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC.", "revision", StepOutcome.Conflict) { Code = "draft-already-circulated", Arguments = [n, StepInput.Iso(at)] };
        }

        row.CirculatedAt = context.Now;
        row.CirculatedBy = context.Actor.Id;
        context.Variables["circulated"] = number;
    }
}
