using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CartifFlow.Engine.Persistence;

namespace CartifFlow.Engine.Runtime;

/// <summary>The hash chain over an instance's audit events.</summary>
internal static class AuditChain
{
    /// <summary>The previous hash of the first event.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>SHA-256 over the previous hash and every field of the event, hex.</summary>
    public static string Compute(AuditEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = string.Join('\u001f',
            e.PreviousHash,
            e.InstanceId.ToString("D"),
            e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            e.ActorId,
            e.ActorParty ?? string.Empty,
            e.Trigger,
            e.FromState,
            e.ToState,
            e.PayloadJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Checks a chain in sequence order; returns the first broken sequence number, or null.</summary>
    public static long? FirstBreak(IEnumerable<AuditEventRecord> events, string expectedHead)
    {
        var previous = Genesis;
        long expectedSequence = 1;
        foreach (var e in events)
        {
            if (e.Sequence != expectedSequence || e.PreviousHash != previous || Compute(e) != e.Hash)
            {
                return expectedSequence;
            }

            previous = e.Hash;
            expectedSequence++;
        }

        return previous == expectedHead ? null : expectedSequence;
    }
}

/// <summary>Result of verifying an instance's audit chain.</summary>
/// <param name="Events">Events checked.</param>
/// <param name="Intact">True when no event was changed, removed or inserted.</param>
/// <param name="FirstBrokenSequence">Where the chain breaks, if it does.</param>
public sealed record AuditVerification(int Events, bool Intact, long? FirstBrokenSequence);
