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
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CartifFlow.Web.Pages.OneClick;

/// <summary>
/// A one-click link from an e-mail. GET shows what the link will do and changes nothing; POST does it, once, as the
/// person the link was made for, through the engine. A link that is altered, expired or used is refused (400); a link
/// opened in another person's session is refused (403). Written procedures: view (signs the person in on their
/// response form; when sign-in is the OpenID Connect provider's only, sends them to sign in there), agree. Stage transitions: approve,
/// reject — the rejection's confirmation page asks for the reason, and a missing reason leaves the link unused.
/// </summary>
public sealed class ActModel(OneClickLinks links, ICartifFlowDbContextFactory factory, WorkflowEngine engine, TimeProvider time, IOptions<OpenIdConnectSignInOptions> provider) : CartifPageModel
{
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    /// <summary>A meeting: who goes in the invitee's place (the substitute link).</summary>
    [BindProperty]
    public string? SubstituteName { get; set; }

    /// <summary>A meeting in person or hybrid: the delegation's members, one a line.</summary>
    [BindProperty]
    public string? Members { get; set; }

    /// <summary>The meeting an attendance link answers.</summary>
    public InstanceView? Meeting { get; private set; }

    public OneClickClaim? Claim { get; private set; }

    public string? Problem { get; private set; }

    public string? ReasonError { get; private set; }

    public string? Result { get; private set; }

    public string PartyName { get; private set; } = "";

    /// <summary>The stage transition a link acts on (approve, reject), to show what is decided.</summary>
    public InstanceView? Transition { get; private set; }

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
            var form = $"/procedures/{Uri.EscapeDataString(Claim.ProcedureKey)}/respond/{Uri.EscapeDataString(person.PartyCode!)}";
            if (User.Identity?.IsAuthenticated == true)
            {
                return Redirect(form); // already signed in, as this person (checked above)
            }

            if (provider.Value.Enabled && !provider.Value.EmailLinkSignIn)
            {
                // Sign-in is the provider's only: a link from an e-mail does not start a session. The person signs in
                // there and lands on the form; the link is given back, since it did nothing.
                await ReleaseAsync(db, use);
                return Redirect($"/sign-in?ReturnUrl={Uri.EscapeDataString(form)}");
            }

            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            return Redirect(form);
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
            ["substitute"] = string.IsNullOrWhiteSpace(SubstituteName) ? null : SubstituteName.Trim(),
            ["members"] = string.IsNullOrWhiteSpace(Members) ? null : Members.Trim(),
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
        if (Claim is null || !links.Current(Claim) || Claim.Action is not (OneClickLinks.View or OneClickLinks.Agree or OneClickLinks.Approve or OneClickLinks.Reject
                or OneClickLinks.Attend or OneClickLinks.Decline or OneClickLinks.Substitute)
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

        // The action must fit what the link names: answer a meeting's invitation, approve/reject a stage transition,
        // view/agree a written procedure.
        if (OneClickLinks.OnMeeting(Claim.Action))
        {
            Meeting = await engine.FindAsync(OneClickLinks.MeetingWorkflow, Claim.ProcedureKey, cancellationToken);
            if (Meeting is null || Meeting.State != "Scheduled" || Meeting.InstantOf("start") is not { } start || start <= time.GetUtcNow())
            {
                return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
            }
        }
        else if (OneClickLinks.OnTransition(Claim.Action))
        {
            Transition = await engine.FindAsync(OneClickLinks.TransitionWorkflow, Claim.ProcedureKey, cancellationToken);
            if (Transition is null)
            {
                return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
            }

            // A revision is a new proposal: a link made for an earlier round does not answer the revised one.
            if (Claim.Round is { } round && round != OneClickLinks.RoundOf(Transition.Variables))
            {
                return (Refuse(StatusCodes.Status409Conflict, "act.superseded"), null);
            }
        }
        else if (await engine.FindAsync(ProcedureBoard.Workflow, Claim.ProcedureKey, cancellationToken) is not { } procedure)
        {
            return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
        }
        else if (!links.BeforeDeadline(procedure))
        {
            return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
        }

        // A link acts until the deadline as it stands now: an extension extends the links already sent.
        if (Transition is not null && !links.BeforeDeadline(Transition))
        {
            return (Refuse(StatusCodes.Status400BadRequest, "act.invalid"), null);
        }

        var party = await db.Set<Party>().AsNoTracking().FirstOrDefaultAsync(p => p.Code == person.PartyCode, cancellationToken);
        PartyName = party is null ? person.PartyCode : Lang == "ru" ? party.NameRu : party.Name;
        return (null, person);
    }

    private Microsoft.AspNetCore.Mvc.RazorPages.PageResult Refuse(int status, string text)
    {
        Problem = T(text);
        Response.StatusCode = status;
        return Page();
    }
}
