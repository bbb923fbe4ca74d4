using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Drafts;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.WrittenProcedures;

/// <summary>
/// A provision put under written procedure and the wording proposed as final: for each open bracket of the paragraph
/// (nested ones included) the option chosen by index (the option with most parties behind it when not chosen), or the
/// whole wording given in the import convention, without brackets.
/// </summary>
/// <param name="Provision">The paragraph's stable id.</param>
/// <param name="Choices">Bracket id → option index (0-based).</param>
/// <param name="Wording">The final wording, instead of choices.</param>
public sealed record ProvisionProposal(string Provision, IReadOnlyDictionary<string, int>? Choices = null, string? Wording = null);

/// <summary>A provision's proposed final wording, or why there is none.</summary>
/// <param name="Wording">The wording in the import convention, without brackets.</param>
/// <param name="Content">The same as content.</param>
/// <param name="Error">What is wrong (English).</param>
/// <param name="Code">The error's stable code.</param>
/// <param name="Arguments">The values the code's message names.</param>
public sealed record ProposedWording(string? Wording, IReadOnlyList<Segment>? Content, string? Error, string? Code, IReadOnlyList<string> Arguments);

/// <summary>
/// Written procedures launched from the draft on provisions: the proposed final wording, the provisions put under
/// procedure when it is circulated, and what each outcome does to them (a new revision, referrals, or nothing).
/// </summary>
public static class ProceduresOnProvisions
{
    /// <summary>The longest final wording a provision takes.</summary>
    public const int MaxWording = 20_000;

    /// <summary>The most provisions one procedure takes.</summary>
    public const int MaxProvisions = 50;

    /// <summary>The option a bracket settles on when the Secretariat does not choose: the one most parties propose or support (the first of equals).</summary>
    public static int DefaultOption(Bracket bracket)
    {
        ArgumentNullException.ThrowIfNull(bracket);
        var best = 0;
        for (var i = 1; i < bracket.Options.Count; i++)
        {
            if (Holders(bracket.Options[i]) > Holders(bracket.Options[best]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>The paragraph's proposed final wording from the choices (or the given wording).</summary>
    public static ProposedWording Propose(DraftText text, ProvisionProposal proposal, IReadOnlySet<string> partyCodes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(proposal);
        if (DraftProvisions.Find(text, proposal.Provision)?.Paragraph is not { } paragraph)
        {
            return Fail($"The revision has no paragraph '{proposal.Provision}'.", "draft-provision-unknown", proposal.Provision);
        }

        IReadOnlyList<Segment> content;
        if (!string.IsNullOrWhiteSpace(proposal.Wording))
        {
            if (proposal.Wording.Length > MaxWording)
            {
                return Fail($"A provision's final wording has at most {MaxWording} characters.", "procedure-wording-too-long", MaxWording.ToString(CultureInfo.InvariantCulture));
            }

            var read = DraftMarkdown.ReplaceParagraphContent(text, paragraph.Id, proposal.Wording, partyCodes);
            if (!read.Succeeded)
            {
                var faults = string.Join("; ", read.Faults.Select(f => f.ToString()));
                return Fail($"The final wording cannot be read: {faults}", "draft-wording-faults", faults);
            }

            content = DraftProvisions.Find(read.Text, paragraph.Id)!.Paragraph!.Content;
            if (content.Any(s => s is Bracket))
            {
                return Fail("The final wording of a provision under written procedure has no brackets.", "procedure-wording-bracketed");
            }
        }
        else
        {
            var choices = proposal.Choices ?? new Dictionary<string, int>();
            var brackets = DraftProvisions.Brackets(paragraph.Content).ToDictionary(b => b.Id, StringComparer.Ordinal);
            foreach (var (bracketId, index) in choices)
            {
                if (!brackets.TryGetValue(bracketId, out var bracket))
                {
                    return Fail($"The provision has no bracket '{bracketId}'.", "procedure-bracket-unknown", bracketId);
                }

                if (index < 0 || index >= bracket.Options.Count)
                {
                    return Fail($"Bracket '{bracketId}' has options 1 to {bracket.Options.Count}.", "procedure-option-unknown", bracketId, bracket.Options.Count.ToString(CultureInfo.InvariantCulture));
                }
            }

            var settled = Settle(paragraph.Content, choices);
            content = DraftProvisions.Find(DraftEdits.ChangeParagraph(text, paragraph.Id, p => p with { Content = settled }), paragraph.Id)!.Paragraph!.Content;
        }

        if (content.Count == 0)
        {
            return Fail("The final wording leaves the provision without text; to delete a provision, propose it in a round.", "procedure-wording-empty");
        }

        return new ProposedWording(DraftProvisions.Render(content), content, null, null, []);
    }

    /// <summary>
    /// The text under procedure as circulated: each article concerned, with its heading, every paragraph as it stands and
    /// the provisions under procedure in their proposed final wording, marked.
    /// </summary>
    public static string ContextText(DraftText text, IReadOnlyDictionary<string, string> proposed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(proposed);
        var builder = new StringBuilder();
        foreach (var article in text.Articles.Where(a => a.Paragraphs.Any(p => proposed.ContainsKey(p.Id))))
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(DraftConvention.ArticleHeadingText(article)).Append('\n');
            foreach (var paragraph in article.Paragraphs)
            {
                var indent = new string(' ', paragraph.Level * 2);
                if (proposed.TryGetValue(paragraph.Id, out var wording))
                {
                    var line = DraftConvention.ParagraphLine(paragraph with { Content = [new TextSegment(wording)] }, withIds: false);
                    builder.Append(">> ").Append(indent).Append(line).Append("   <<  [under written procedure: proposed final wording]\n");
                }
                else
                {
                    builder.Append("   ").Append(indent).Append(DraftConvention.ParagraphLine(paragraph, withIds: false)).Append('\n');
                }
            }
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// At circulation (<c>circulate-procedure</c>), for a procedure launched on provisions: checks that the revision it
    /// was launched on is the newest and that none of the provisions is under another procedure, puts them under
    /// procedure with their proposed final wording, and makes the text circulated (the articles around them).
    /// </summary>
    internal static async Task PlaceAsync(IStepContext context, Procedure procedure)
    {
        var proposals = Read(context);
        var basedOn = StepInput.IntegerVariable(context, "draftRevision");
        if (basedOn <= 0)
        {
            throw new StepRejectedException("Name the revision the provisions were read on (draftRevision).", "basedOn") { Code = "draft-revision-required", Arguments = ["basedOn"] };
        }

        var latest = await DraftStore.LatestNumberAsync(context.Db, procedure.Area, context.CancellationToken).ConfigureAwait(false);
        if (basedOn != latest)
        {
            var (b, l) = (basedOn.ToString(CultureInfo.InvariantCulture), latest.ToString(CultureInfo.InvariantCulture));
            throw new StepRejectedException($"The provisions were chosen on revision {b}, but the newest revision is {l}: choose them again.", "basedOn", StepOutcome.Conflict) { Code = "procedure-draft-moved-on", Arguments = [b, l] };
        }

        var row = await DraftStore.RowAsync(context.Db, procedure.Area, basedOn, context.CancellationToken).ConfigureAwait(false);
        if (row?.Content is null)
        {
            throw new StepRejectedException($"Revision {basedOn.ToString(CultureInfo.InvariantCulture)} has no structured text.", "basedOn") { Code = "draft-not-structured", Arguments = [basedOn.ToString(CultureInfo.InvariantCulture)] };
        }

        var text = DraftJson.Deserialize(row.Content);
        var parties = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var running = await ProvisionProcedures.RunningAsync(context.Db, procedure.Area, context.CancellationToken).ConfigureAwait(false);
        var proposed = new Dictionary<string, string>(StringComparer.Ordinal);
        var named = new JsonArray();
        foreach (var (proposal, index) in proposals.Select((p, i) => (p, i)))
        {
            var field = $"provisions[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (proposed.ContainsKey(proposal.Provision))
            {
                throw new StepRejectedException($"The provision '{proposal.Provision}' is named twice.", field) { Code = "procedure-provision-twice", Arguments = [proposal.Provision] };
            }

            var wording = Propose(text, proposal, parties);
            if (wording.Error is not null)
            {
                throw new StepRejectedException(wording.Error, field) { Code = wording.Code, Arguments = wording.Arguments };
            }

            var label = DraftProvisions.Find(text, proposal.Provision)!.Label;
            if (running.TryGetValue(proposal.Provision, out var other))
            {
                throw new StepRejectedException($"{label} is already under written procedure {other}.", field, StepOutcome.Conflict) { Code = "provision-under-procedure", Arguments = [label, other] };
            }

            proposed[proposal.Provision] = wording.Wording!;
            context.Db.Set<ProcedureProvision>().Add(new ProcedureProvision
            {
                InstanceId = context.Instance.Id,
                ProcedureKey = procedure.Key,
                AreaCode = procedure.Area,
                ProvisionId = proposal.Provision,
                Label = label,
                Position = index,
                BasedOnRevision = basedOn,
                Wording = wording.Wording!,
                State = ProvisionProcedureState.Running,
                RunningKey = ProcedureProvision.Running(procedure.Area, proposal.Provision),
                LaunchedAt = context.Now,
            });
            named.Add(new JsonObject { ["id"] = proposal.Provision, ["label"] = label, ["wording"] = wording.Wording });
        }

        context.Variables["provisionsUnderProcedure"] = named;
        context.Variables["text"] = ContextText(text, proposed);
        context.Variables["documentVersion"] = $"revision {basedOn.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// When the procedure closes (<c>close-procedure</c>): adopted, the provisions take their final wording in a new
    /// revision made by the procedure (reservations on them lifted, circulated with the outcome); not adopted, each is
    /// referred to the working group with every objection's reason and wording; withdrawn, they go back to what they
    /// were. Returns the revision made, if one was.
    /// </summary>
    internal static async Task<int?> SettleAsync(IStepContext context, Procedure procedure, string outcome)
    {
        var id = context.Instance.Id;
        var rows = await context.Db.Set<ProcedureProvision>().Where(p => p.InstanceId == id).OrderBy(p => p.Position).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return null;
        }

        foreach (var row in rows)
        {
            row.RunningKey = null;
            row.SettledAt = context.Now;
            row.State = outcome switch
            {
                "Adopted" => ProvisionProcedureState.Adopted,
                "NotAdopted" => ProvisionProcedureState.Referred,
                _ => ProvisionProcedureState.Withdrawn,
            };
        }

        if (outcome == "NotAdopted")
        {
            var objections = (await Procedure.CountingAsync(context).ConfigureAwait(false)).Values.Where(r => r.Kind == ResponseKind.Object).OrderBy(r => r.PartyCode, StringComparer.Ordinal).ToList();
            var closure = StepInput.Variable(context, "closureReason") ?? "Not every taking-part party consented by the deadline.";
            foreach (var row in rows)
            {
                if (objections.Count == 0)
                {
                    context.Db.Set<ProvisionReferral>().Add(Referral(context, procedure, row, null, closure, null));
                }

                foreach (var objection in objections)
                {
                    // The objection's own wording for this provision, else its wording for all of them.
                    context.Db.Set<ProvisionReferral>().Add(Referral(context, procedure, row, objection.PartyCode, objection.Reason ?? closure, ObjectionWordings.For(objection, row.ProvisionId)));
                }
            }

            return null;
        }

        if (outcome != "Adopted")
        {
            return null;
        }

        var latest = await DraftStore.LatestStructuredAsync(context.Db, procedure.Area, context.CancellationToken).ConfigureAwait(false);
        if (latest?.Content is null)
        {
            return null;
        }

        var parties = (await ParticipantDirectory.PartiesAsync(context.Db, context.CancellationToken).ConfigureAwait(false)).Select(p => p.Code).ToHashSet(StringComparer.Ordinal);
        var text = DraftJson.Deserialize(latest.Content);
        var settled = new List<string>();
        foreach (var row in rows)
        {
            // The provisions are found by stable id in the newest revision: a revision made meanwhile keeps their ids.
            if (DraftProvisions.Find(text, row.ProvisionId)?.Paragraph is null)
            {
                continue;
            }

            var read = DraftMarkdown.ReplaceParagraphContent(text, row.ProvisionId, row.Wording, parties);
            if (!read.Succeeded)
            {
                continue;
            }

            text = DraftEdits.ChangeParagraph(read.Text, row.ProvisionId, p => p with { Reservations = [] });
            settled.Add(row.Label);
        }

        var content = DraftJson.Serialize(text);
        if (settled.Count == 0 || DraftStore.Hash(content) == latest.ContentHash)
        {
            // The text already reads as adopted: the status says it; there is nothing new to record.
            return null;
        }

        var number = await DraftStore.LatestNumberAsync(context.Db, procedure.Area, context.CancellationToken).ConfigureAwait(false) + 1;
        context.Db.Set<DraftRevision>().Add(new DraftRevision
        {
            AreaCode = procedure.Area,
            Revision = number,
            Document = latest.Document,
            Summary = $"Adopted by written procedure {procedure.Key}: {string.Join("; ", settled)}.",
            At = context.Now,
            Source = RevisionSource.WrittenProcedure,
            SourceReference = procedure.Key,
            MadeBy = context.Actor.Id,
            // Everyone is told of the outcome with this revision: it is circulated with it.
            CirculatedAt = context.Now,
            CirculatedBy = context.Actor.Id,
            Content = content,
            ContentHash = DraftStore.Hash(content),
        });
        foreach (var row in rows)
        {
            row.Revision = number;
        }

        context.Variables["adoptedRevision"] = number;
        return number;
    }

    private static ProvisionReferral Referral(IStepContext context, Procedure procedure, ProcedureProvision row, string? party, string reason, string? wording) => new()
    {
        AreaCode = procedure.Area,
        ProvisionId = row.ProvisionId,
        Label = row.Label,
        ProcedureKey = procedure.Key,
        PartyCode = party,
        Reason = reason,
        ProposedWording = wording,
        ReferredAt = context.Now,
    };

    private static List<ProvisionProposal> Read(IStepContext context)
    {
        var proposals = Parse(StepInput.Variable(context, "provisions"));
        if (proposals is null || proposals.Count == 0 || proposals.Any(p => string.IsNullOrWhiteSpace(p?.Provision)))
        {
            throw new StepRejectedException("Choose one or more provisions of the draft.", "provisions") { Code = "procedure-provisions-required" };
        }

        return proposals.Count <= MaxProvisions
            ? proposals
            : throw new StepRejectedException($"A written procedure takes at most {MaxProvisions} provisions.", "provisions") { Code = "procedure-provisions-too-many", Arguments = [MaxProvisions.ToString(CultureInfo.InvariantCulture)] };
    }

    /// <summary>The proposals from the parameter's JSON; null when it is missing or is not such JSON.</summary>
    private static List<ProvisionProposal>? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<List<ProvisionProposal>>(json, JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>How the proposals travel in the procedure's <c>provisions</c> parameter.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static List<Segment> Settle(IReadOnlyList<Segment> content, IReadOnlyDictionary<string, int> choices)
    {
        var result = new List<Segment>();
        foreach (var segment in content)
        {
            if (segment is Bracket bracket)
            {
                var index = choices.TryGetValue(bracket.Id, out var chosen) ? chosen : DefaultOption(bracket);
                result.AddRange(Settle(bracket.Options[index].Content, choices));
            }
            else
            {
                result.Add(segment);
            }
        }

        return result;
    }

    private static int Holders(BracketOption option) => option.ProposedBy.Count + option.SupportedBy.Count;

    private static ProposedWording Fail(string error, string code, params string[] arguments) => new(null, null, error, code, arguments);
}
