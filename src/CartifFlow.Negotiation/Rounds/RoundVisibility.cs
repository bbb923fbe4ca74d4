using CartifFlow.Negotiation.Participants;

namespace CartifFlow.Negotiation.Rounds;

/// <summary>
/// Who reads whose contributions to a text-based round: the project's visibility rule (<see cref="AnswerVisibility"/>)
/// with the working group's member parties as the parties taking part, decided here once for the API, the pages, the
/// e-mails and the exports of rounds:
/// <list type="bullet">
/// <item>the Secretariat sees everything, always;</item>
/// <item>while the round takes contributions, a member party sees its own contributions and the number of parties
/// that have contributed, not the others';</item>
/// <item>once the deadline has passed (consolidation, then revision N+1 and its provenance table), the record goes to
/// the member parties;</item>
/// <item>observers see the texts and the outcome, never a party's contributions; an observer party whose terms of
/// reference let it comment sees its own comments, and nothing of the others', even after the deadline.</item>
/// </list>
/// A party's private notes are not part of a round: they never leave the party.
/// </summary>
public static class RoundVisibility
{
    /// <summary>What a reader with these roles and party sees of a round's contributions.</summary>
    /// <param name="roles">The reader's roles.</param>
    /// <param name="party">The reader's party, if any.</param>
    /// <param name="closed">True once the round's deadline has passed (it no longer takes contributions).</param>
    /// <param name="members">The working group's member parties.</param>
    /// <param name="commentingObservers">The group's observer parties when its terms of reference let observers comment (else empty).</param>
    public static AnswerAccess For(IReadOnlySet<string> roles, string? party, bool closed, IEnumerable<string> members, IEnumerable<string> commentingObservers)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(commentingObservers);
        var access = AnswerVisibility.For(roles, party, closed, members);
        if (access == AnswerAccess.None && party is not null && !roles.Contains(NegotiationRoles.Secretariat) && commentingObservers.Contains(party, StringComparer.Ordinal))
        {
            return AnswerAccess.OwnParty;
        }

        return access;
    }

    /// <summary>True when a reader with this access sees the provenance table of a revision a round's consolidation made (the record's: every party's proposals and what became of them).</summary>
    public static bool SeesProvenance(this AnswerAccess access) => access == AnswerAccess.All;

    /// <summary>The contributions a reader with this access and party sees.</summary>
    public static IEnumerable<T> Visible<T>(this AnswerAccess access, string? readerParty, IEnumerable<T> contributions, Func<T, string> party) =>
        contributions.Where(c => access.Sees(readerParty, party(c)));
}
