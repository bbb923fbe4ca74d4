using System.Globalization;
using System.Net;
using System.Text;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Negotiation.WrittenProcedures;

/// <summary>
/// The record of a closed procedure: the text and its version, the outcome, every response (with the
/// statements attached) and every event with its time and author, as Markdown and as HTML.
/// </summary>
internal static class ProcedureRecordWriter
{
    public static async Task<ProcedureRecord> WriteAsync(IStepContext context, Procedure procedure, string outcome, IReadOnlyList<ProcedureResponse> responses)
    {
        var db = context.Db;
        var area = await db.Set<NegotiatingArea>().AsNoTracking().FirstOrDefaultAsync(a => a.Code == procedure.Area, context.CancellationToken).ConfigureAwait(false);
        var parties = (await ParticipantDirectory.PartiesAsync(db, context.CancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Code);
        var people = (await ParticipantDirectory.PeopleAsync(db, context.CancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Id);
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.InstanceId == context.Instance.Id).OrderBy(e => e.Sequence).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var latest = Procedure.Latest(responses);

        string Who(string id) => people.TryGetValue(id, out var p) ? $"{p.Name} ({id})" : id;
        string PartyName(string code) => parties.TryGetValue(code, out var p) ? p.Name : code;
        static string Utc(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        string Seat(DateTimeOffset t)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(procedure.SeatTimeZone);
            return TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + $" ({procedure.SeatTimeZone})";
        }

        var rows = new List<(string Label, string Value)>
        {
            ("Negotiating area", area is null ? procedure.Area : $"{area.Name} ({area.Code})"),
            ("Mode", procedure.Mode == ProcedureMode.Silence ? "silence (adopted unless a party breaks silence)" : "consent (every taking-part party must agree)"),
            ("Deadline", $"{Seat(procedure.Deadline)} = {Utc(procedure.Deadline)}"),
            ("Document", procedure.Document is null ? "text below" : $"{procedure.Document}, version {procedure.DocumentVersion ?? "unstated"}"),
            ("Outcome", outcome switch { "Adopted" => "adopted", "NotAdopted" => "not adopted; referred to the working group's agenda", _ => "withdrawn" }),
            ("Closed", Utc(context.Now)),
        };
        // A procedure launched from the draft names its provisions and the revision its adoption made.
        var provisions = await Drafts.ProvisionProcedures.OfProcedureAsync(db, context.Instance.Id, context.CancellationToken).ConfigureAwait(false);
        if (provisions.Count > 0)
        {
            rows.Insert(3, ("Provisions", string.Join("; ", provisions.Select(p => $"{p.Label} ({p.ProvisionId}) of revision {p.BasedOnRevision.ToString(CultureInfo.InvariantCulture)}"))));
            if (context.Variables["adoptedRevision"] is System.Text.Json.Nodes.JsonValue adopted)
            {
                rows.Add(("Revision produced", $"revision {adopted.GetValue<int>().ToString(CultureInfo.InvariantCulture)} of the {procedure.Area} draft (/drafts/{procedure.Area}/revisions/{adopted.GetValue<int>().ToString(CultureInfo.InvariantCulture)})"));
            }
        }
        var eventRows = events.Select(e => (e.Sequence, e.At, e.ActorId, e.Trigger, e.FromState, e.ToState))
            .Append((events.Count + 1L, context.Now, context.Actor.Id, context.Trigger, events.Count > 0 ? events[^1].ToState : string.Empty, outcome))
            .ToList();

        var md = new StringBuilder();
        // Everything typed (titles, texts, statements, names) is escaped: ExportText.
        md.Append(CultureInfo.InvariantCulture, $"# Record of written procedure {ExportText.Markdown(procedure.Key)}: {ExportText.Cell(procedure.Title)}\n\n");
        foreach (var (label, value) in rows)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **{label}:** {ExportText.Cell(value)}\n");
        }

        md.Append("\n## Text under procedure\n\n");
        md.Append(ExportText.Quote(procedure.Text ?? "(see the document named above)")).Append("\n\n");
        md.Append("## Responses that count (the latest of each party)\n\n| Party | Response | By | Received | Statement |\n|---|---|---|---|---|\n");
        foreach (var r in latest.Values.OrderBy(r => r.PartyCode, StringComparer.Ordinal))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(PartyName(r.PartyCode))} | {ResponseKinds.Name(r.Kind)} | {Cell(Who(r.PersonId))} | {Utc(r.At)} | {Cell(Statement(r))} |\n");
        }

        md.Append("\n## Every response, in order of receipt\n\n| # | Party | Response | By | Received | Statement |\n|---|---|---|---|---|---|\n");
        var n = 0;
        foreach (var r in responses)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {++n} | {Cell(PartyName(r.PartyCode))} | {ResponseKinds.Name(r.Kind)} | {Cell(Who(r.PersonId))} | {Utc(r.At)} | {Cell(Statement(r))} |\n");
        }

        md.Append("\n## Events\n\n| # | When | By | Event | From | To |\n|---|---|---|---|---|---|\n");
        foreach (var e in eventRows)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {e.Item1} | {Utc(e.Item2)} | {Cell(Who(e.Item3))} | {Cell(e.Item4)} | {Cell(e.Item5)} | {Cell(e.Item6)} |\n");
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(H($"Record of written procedure {procedure.Key}")).Append("</title></head><body>\n")
            .Append("<h1>").Append(H($"Record of written procedure {procedure.Key}: {procedure.Title}")).Append("</h1>\n<dl>\n");
        foreach (var (label, value) in rows)
        {
            html.Append("<dt>").Append(H(label)).Append("</dt><dd>").Append(H(value)).Append("</dd>\n");
        }

        html.Append("</dl>\n<h2>Text under procedure</h2>\n<blockquote>").Append(H(procedure.Text ?? "(see the document named above)").Replace("\n", "<br>\n", StringComparison.Ordinal)).Append("</blockquote>\n");
        html.Append("<h2>Responses that count (the latest of each party)</h2>\n<table><thead><tr><th>Party</th><th>Response</th><th>By</th><th>Received</th><th>Statement</th></tr></thead><tbody>\n");
        foreach (var r in latest.Values.OrderBy(r => r.PartyCode, StringComparer.Ordinal))
        {
            html.Append("<tr><td>").Append(H(PartyName(r.PartyCode))).Append("</td><td>").Append(H(ResponseKinds.Name(r.Kind))).Append("</td><td>").Append(H(Who(r.PersonId)))
                .Append("</td><td>").Append(H(Utc(r.At))).Append("</td><td>").Append(H(Statement(r))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n<h2>Every response, in order of receipt</h2>\n<table><thead><tr><th>#</th><th>Party</th><th>Response</th><th>By</th><th>Received</th><th>Statement</th></tr></thead><tbody>\n");
        n = 0;
        foreach (var r in responses)
        {
            html.Append("<tr><td>").Append(++n).Append("</td><td>").Append(H(PartyName(r.PartyCode))).Append("</td><td>").Append(H(ResponseKinds.Name(r.Kind))).Append("</td><td>").Append(H(Who(r.PersonId)))
                .Append("</td><td>").Append(H(Utc(r.At))).Append("</td><td>").Append(H(Statement(r))).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n<h2>Events</h2>\n<table><thead><tr><th>#</th><th>When</th><th>By</th><th>Event</th><th>From</th><th>To</th></tr></thead><tbody>\n");
        foreach (var e in eventRows)
        {
            html.Append("<tr><td>").Append(e.Item1).Append("</td><td>").Append(H(Utc(e.Item2))).Append("</td><td>").Append(H(Who(e.Item3))).Append("</td><td>").Append(H(e.Item4))
                .Append("</td><td>").Append(H(e.Item5)).Append("</td><td>").Append(H(e.Item6)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n</body></html>\n");

        return new ProcedureRecord
        {
            InstanceId = context.Instance.Id,
            ProcedureKey = procedure.Key,
            Outcome = outcome,
            Markdown = md.ToString(),
            Html = html.ToString(),
            ClosedAt = context.Now,
        };
    }

    private static string Statement(ProcedureResponse r) => string.Join(" ", new[]
    {
        r.Comments is null ? null : $"Comments: {r.Comments}",
        r.Reason is null ? null : $"Reason: {r.Reason}",
        r.ProposedWording is null ? null : $"Proposed wording: {r.ProposedWording}",
    }.Concat(ObjectionWordings.Read(r.ProvisionWordings).Select(w => $"Proposed wording for {w.Key}: {w.Value}")).Where(s => s is not null));

    private static string Cell(string text) => ExportText.Cell(text);

    private static string H(string text) => WebUtility.HtmlEncode(text);
}
