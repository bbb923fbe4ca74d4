using CartifFlow.Negotiation.Participants;

namespace CartifFlow.Negotiation;

/// <summary>How much of the parties' answers to a written procedure or a stage transition a reader sees.</summary>
public enum AnswerAccess
{
    /// <summary>The text, the deadline, the outcome and the number of parties that answered; no party's answer.</summary>
    None,

    /// <summary>As <see cref="None"/>, plus the reader's own party's answers.</summary>
    OwnParty,

    /// <summary>Every party's answers, statements and reasons (the record).</summary>
    All,
}

/// <summary>
/// Who may read whose answers, decided here once for the API, the pages, the e-mails and the exports of written
/// procedures and stage-transition approvals:
/// <list type="bullet">
/// <item>the Secretariat sees everything, always;</item>
/// <item>while the item is open, a taking-part party (any of its people but an observer) sees its own answer and the
/// number of parties that have answered, not the others' answers;</item>
/// <item>once it is closed, its record (every party's answer and statements) goes to the taking-part parties;</item>
/// <item>observers, and people of parties not taking part, see the text, the deadline and the outcome, never a party's answer.</item>
/// </list>
/// </summary>
public static class AnswerVisibility
{
    /// <summary>What a reader with these roles and party sees of an item open or closed, taken part in by these parties.</summary>
    public static AnswerAccess For(IReadOnlySet<string> roles, string? party, bool closed, IEnumerable<string> takingPart)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(takingPart);
        if (roles.Contains(NegotiationRoles.Secretariat))
        {
            return AnswerAccess.All;
        }

        if (party is null || roles.Contains(NegotiationRoles.Observer) || !takingPart.Contains(party, StringComparer.Ordinal))
        {
            return AnswerAccess.None;
        }

        return closed ? AnswerAccess.All : AnswerAccess.OwnParty;
    }

    /// <summary>True when a reader with this access and party sees an answer of <paramref name="answerParty"/>.</summary>
    public static bool Sees(this AnswerAccess access, string? readerParty, string answerParty) =>
        access == AnswerAccess.All || (access == AnswerAccess.OwnParty && string.Equals(readerParty, answerParty, StringComparison.Ordinal));
}
