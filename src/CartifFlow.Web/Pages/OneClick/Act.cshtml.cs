using System.Security.Claims;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Meetings;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.WrittenProcedures;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;
using CartifFlow.Web.WrittenProcedures;
using CartifFlow.Negotiation.Workflows;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CartifFlow.Web.Pages.OneClick;

/// <summary>
/// A one-click link from an e-mail. GET shows what the link will do and changes nothing; POST does it, once, as the
/// person the link was made for, through the engine: one action on one item, while the item is open. It never starts
/// a session: whoever holds the link (a forwarded e-mail) can do that one thing and nothing else. A link that is
/// altered, expired or used is refused (400); one whose item is closed, or past its deadline, gets a page that says so
/// (409); a link opened in another person's session is refused (403). Written procedures: view (read the text and
/// respond on this page), agree. Stage transitions: approve, reject — the rejection's confirmation page asks for the
/// reason, and a missing reason leaves the link unused. Meetings: attending, not attending, sending someone else
/// (with the delegation's members for a meeting in person), until the meeting begins. Which workflow an action acts on is
/// <see cref="OneClickLinks.WorkflowOf"/>.
/// </summary>
[OffersTrigger(NegotiationWorkflows.Meeting, "answer-attendance")]
public sealed class ActModel(OneClickLinks links, ICartifFlowDbContextFactory factory, WorkflowEngine engine, TimeProvider time) : CartifPageModel
{
    /// <summary>It names phases (a loaded roadmap's by the names its file gives).</summary>
    public override bool ShowsPhases => true;

    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>A response given on a view link's page: its kind, comments and proposed wording (the reason is <see cref="Reason"/>).</summary>
    [BindProperty]
    public string? Kind { get; set; }

    [BindProperty]
    public string? Comments { get; set; }

    [BindProperty]
    public string? ProposedWording { get; set; }

    /// <summary>A meeting: who goes in the invitee's place (the substitute link).</summary>
    [BindProperty]
    public string? SubstituteName { get; set; }

    /// <summary>A meeting in person or hybrid: the delegation's members, one a line.</summary>
    [BindProperty]
    public string? Members { get; set; }

    /// <summary>The meeting an attendance link answers.</summary>
    public InstanceView? Meeting { get; private set; }

    /// <summary>A refusal of the response's own fields (at the field), the link unused.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The item the link acts on: a written procedure or a stage transition.</summary>
    public InstanceView? Item { get; private set; }

    public OneClickClaim? Claim { get; private set; }

    public string? Problem { get; private set; }

    public string? ReasonError { get; private set; }

    public string? Result { get; private set; }

    public string PartyName { get; private set; } = "";

    /// <summary>The stage transition a link acts on (approve, reject), to show what is decided.</summary>
    public InstanceView? Transition { get; private set; }

    /// <summary>The provisions a written procedure was launched on (an objection may give each its own wording).</summary>
    public IReadOnlyList<CartifFlow.Negotiation.Drafts.ProcedureProvision> Provisions { get; private set; } = [];

    /// <summary>An objection's wording per provision, from the form's <c>Wordings[id]</c> fields.</summary>
    public Dictionary<string, string> Wordings { get; } = new(StringComparer.Ordinal);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var (refusal, _) = await CheckAsync(db, cancellationToken);
        return refusal ?? Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await using var db = factory.Create();
        var (refusal, person) = await CheckAsync(db, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // Checked before the link is used up, so that the person can give the reason and confirm again.
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (Claim!.Action == OneClickLinks.Reject && reason is null)
        {
            ReasonError = T("approvals.reason-required");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        // Single use: the first POST to record the link's id wins; the primary key refuses any other. A use whose step
        // the engine does not apply (the state moved on, a concurrent answer) is released again below, so that a link is
        // spent only by the action it names.
        var use = new OneClickUse { LinkId = Claim.Id, PersonId = person!.Id, UsedAt = time.GetUtcNow() };
        db.Set<OneClickUse>().Add(use);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return Refuse(StatusCodes.Status400BadRequest, "act.invalid");
        }

        var principal = PageAuthentication.Principal(person, CookieAuthenticationDefaults.AuthenticationScheme);
        if (OneClickLinks.OnMeeting(Claim.Action))
        {
            return await AnswerAttendanceAsync(db, use, person, principal.ToActor(), cancellationToken);
        }

        if (OneClickLinks.OnTransition(Claim.Action))
        {
            var answered = await FireOrReleaseAsync(db, use, () => WorkflowCommands.FireOnCurrentVersionAsync(engine, Transition!.Id, Claim.Action, principal.ToActor(), WorkflowCommands.Clean(new JsonObject { ["party"] = person.PartyCode, ["reason"] = reason }), cancellationToken));
            // The party's answer is this one already, by this person (given on the page, or with the other link): it stands, recorded once.
            if (!answered.Applied && !RepeatedSteps.IsRepeat(answered))
            {
                await ReleaseAsync(db, use);
                if (answered.Outcome == StepOutcome.Invalid)
                {
                    // What the person gave is at fault (a reason too long): said at the field, the link stays usable.
                    ReasonError = Refusal(answered);
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    return Page();
                }

                return Refuse(answered.Outcome == StepOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict, answered.Outcome == StepOutcome.Forbidden ? "act.not-yours" : "approvals.closed");
            }

            Result = T("approval.recorded." + Claim.Action);
            return Page();
        }

        var procedure = await engine.FindAsync(ProcedureBoard.Workflow, Claim.ProcedureKey, cancellationToken);
        if (procedure is null)
        {
            await ReleaseAsync(db, use);
            return NotFound();
        }

        if (Claim.Action == OneClickLinks.View)
        {
            // Read and respond, on this page: the response's own fields, checked by the engine like the form's.
            foreach (var (name, value) in Request.Form)
            {
                if (name.StartsWith("Wordings[", StringComparison.Ordinal) && name.EndsWith(']') && Blank(value.ToString()) is { } wording)
                {
                    if (TextInput.FirstRefused(wording) is { } refused)
                    {
                        await ReleaseAsync(db, use);
                        Errors["wordings"] = T("text-refused.field", ((int)refused).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                        Response.StatusCode = StatusCodes.Status400BadRequest;
                        return Page();
                    }

                    Wordings[name["Wordings[".Length..^1]] = wording;
                }
            }

            var payload = new JsonObject
            {
                ["kind"] = Kind,
                ["comments"] = Blank(Comments),
                ["reason"] = reason,
                ["proposedWording"] = Blank(ProposedWording),
                ["party"] = person.PartyCode,
                ["wordings"] = Wordings.Count == 0 ? null : new JsonObject(Wordings.Select(w => KeyValuePair.Create(w.Key, (JsonNode?)JsonValue.Create(w.Value)))),
            };
            var responded = await FireOrReleaseAsync(db, use, () => WorkflowCommands.FireOnCurrentVersionAsync(engine, procedure.Id, "respond", principal.ToActor(), WorkflowCommands.Clean(payload), cancellationToken));
            if (!responded.Applied && !RepeatedSteps.IsRepeat(responded))
            {
                await ReleaseAsync(db, use);
                if (responded.Outcome == StepOutcome.Invalid)
                {
                    Errors[responded.Field ?? "request"] = Refusal(responded);
                    Response.StatusCode = StatusCodes.Status400BadRequest;
                    return Page();
                }

                return Refuse(responded.Outcome == StepOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict, responded.Outcome == StepOutcome.Forbidden ? "act.not-yours" : "respond.closed");
            }

            Result = T("respond.recorded");
            return Page();
        }

        var result = await FireOrReleaseAsync(db, use, () => WorkflowCommands.FireOnCurrentVersionAsync(engine, procedure.Id, "respond", principal.ToActor(), new JsonObject { ["kind"] = "agree", ["party"] = person.PartyCode }, cancellationToken));
        // The person had agreed already (on the form, or with another of their links): it stands, recorded once.
        if (!result.Applied && !RepeatedSteps.IsRepeat(result))
        {
            await ReleaseAsync(db, use);
            return Refuse(result.Outcome == StepOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict, "respond.closed");
        }

        Result = T("respond.recorded");
        return Page();
    }

    /// <summary>Records the delegation's answer to a meeting's invitation through the meeting's <c>answer-attendance</c>.</summary>
    private async Task<IActionResult> AnswerAttendanceAsync(CartifFlowDbContext db, OneClickUse use, Person person, Actor actor, CancellationToken cancellationToken)
    {
        var answer = Claim!.Action switch
        {
            OneClickLinks.Attend => MeetingAttendance.Attending,
            OneClickLinks.Decline => MeetingAttendance.NotAttending,
            _ => MeetingAttendance.Substitute,
        };
        var payload = WorkflowCommands.Clean(new JsonObject
        {
            ["party"] = person.PartyCode,
            ["answer"] = answer,
            ["substitute"] = Blank(SubstituteName)?.Trim(),
            ["members"] = Blank(Members)?.Trim(),
        });
        var result = await FireOrReleaseAsync(db, use, () => WorkflowCommands.FireOnCurrentVersionAsync(engine, Meeting!.Id, "answer-attendance", actor, payload, cancellationToken));
        if (!result.Applied)
        {
            await ReleaseAsync(db, use);
            if (result.Outcome == StepOutcome.Invalid)
            {
                // A missing substitute's name or a list too long: said at the field, the link stays usable.
                ReasonError = Refusal(result);
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            return Refuse(result.Outcome == StepOutcome.Forbidden ? StatusCodes.Status403Forbidden : StatusCodes.Status409Conflict, "attendance.closed");
        }

        Result = T("attendance.recorded." + answer);
        return Page();
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Runs the link's step; when it fails outright (the database went away, the request was cancelled) the link is given back before the failure goes on.</summary>
    private static async Task<StepResult> FireOrReleaseAsync(CartifFlowDbContext db, OneClickUse use, Func<Task<StepResult>> fire)
    {
        try
        {
            return await fire();
        }
        catch
        {
            await ReleaseAsync(db, use);
            throw;
        }
    }

    /// <summary>Gives the link back: its action was not carried out. Not cancellable, so that the link is not left spent.</summary>
    private static async Task ReleaseAsync(CartifFlowDbContext db, OneClickUse use)
    {
        db.Set<OneClickUse>().Remove(use);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private async Task<(IActionResult? Refusal, Person? Person)> CheckAsync(CartifFlowDbContext db, CancellationToken cancellationToken)
    {
        Claim = links.Read(Token);
        if (Claim is null || !links.Current(Claim) || OneClickLinks.WorkflowOf(Claim.Action) is null
            || await db.Set<OneClickUse>().AnyAsync(u => u.LinkId == Claim.Id, cancellationToken))
        {
            return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
        }

        // Bound to the person: in someone else's session the link does nothing.
        if (User.Identity?.IsAuthenticated == true && User.FindFirstValue(ClaimTypes.NameIdentifier) != Claim.PersonId)
        {
            return (Refuse(StatusCodes.Status403Forbidden, "act.foreign"), null);
        }

        var person = await ParticipantDirectory.PersonAsync(db, Claim.PersonId, cancellationToken);
        if (person?.PartyCode is null)
        {
            return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
        }

        // The registry decides now, not when the link was made: a focal point or chief negotiator replaced (or whose
        // role was taken away) no longer answers for the party, so their links shown or used afterwards do nothing.
        if (!OneClickLinks.OnMeeting(Claim.Action)
            && !(OneClickLinks.OnTransition(Claim.Action) ? person.Holds(NegotiationRoles.ChiefNegotiator) : person.Holds(NegotiationRoles.FocalPoint) || person.Holds(NegotiationRoles.ChiefNegotiator)))
        {
            return (Refuse(StatusCodes.Status403Forbidden, "act.not-yours"), null);
        }

        // The action names its workflow: approve/reject a stage transition, view/agree a written procedure.
        if (OneClickLinks.WorkflowOf(Claim.Action) is not { } workflow
            || await engine.FindAsync(workflow, Claim.ProcedureKey, cancellationToken) is not { } item)
        {
            return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
        }

        Item = item;
        Provisions = Claim.Action == OneClickLinks.View ? await CartifFlow.Negotiation.Drafts.ProvisionProcedures.OfProcedureAsync(db, item.Id, cancellationToken) : [];
        Transition = OneClickLinks.OnTransition(Claim.Action) ? item : null;
        Meeting = OneClickLinks.OnMeeting(Claim.Action) ? item : null;

        // A link acts while its item is open and before its deadline (a meeting: before it begins) as it stands now (an extension extends the links
        // already sent); a withdrawn, decided or expired item is closed to it.
        if (item.Status != CartifFlow.Engine.Persistence.InstanceStatus.Running || !links.BeforeDeadline(item))
        {
            return (Closed(), null);
        }

        // A revision is a new proposal: a link made for an earlier round does not answer the revised one.
        if (Transition is not null && Claim.Round is { } round && round != OneClickLinks.RoundOf(Transition.Variables))
        {
            return (Refuse(StatusCodes.Status409Conflict, "act.superseded"), null);
        }

        var party = await db.Set<Party>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == person.PartyCode, cancellationToken);
        PartyName = party is null ? person.PartyCode : Lang == "ru" ? party.NameRu : party.Name;
        return (null, person);
    }

    /// <summary>The item is closed to the link: a page that says so, naming the item.</summary>
    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Closed()
    {
        Problem = T("act.closed", Claim!.ProcedureKey);
        ProblemTitle = "act.closed.title";
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>The heading of the refusal page.</summary>
    public string ProblemTitle { get; private set; } = "act.invalid.title";

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refuse(int status, string text)
    {
        Problem = T(text);
        Response.StatusCode = status;
        return Page();
    }
}
