using CartifFlow.Negotiation.Registry;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Participants;
using CartifFlow.Negotiation.Workflows;
using CartifFlow.Web.Authentication;
using CartifFlow.Web.Workflows;

namespace CartifFlow.Web.Participants;

/// <summary>
/// Every change the Secretariat makes to the registry, for the API and the pages alike: a step of the registry's one
/// instance (<c>registry.yaml</c>, key <see cref="RegistrySteps.Key"/>), started by the first change, so that the
/// engine checks the role and the change is audited in the instance's hash chain.
/// </summary>
internal static class RegistryKeeper
{
    public const string AddPerson = "add-person";
    public const string ChangePerson = "change-person";
    public const string ReplacePerson = "replace-person";
    public const string DeactivatePerson = "deactivate-person";
    public const string ChangePartyStatus = "change-party-status";
    public const string Close = "close";

    /// <summary>Fires <paramref name="trigger"/> on the registry (starting it first when no change was made yet).</summary>
    public static async Task<StepResult> FireAsync(WorkflowEngine engine, ClaimsPrincipal user, string trigger, JsonObject payload, CancellationToken cancellationToken)
    {
        var actor = user.ToActor();
        var instance = await engine.FindAsync(NegotiationWorkflows.Registry, RegistrySteps.Key, cancellationToken);
        if (instance is null)
        {
            var started = await engine.StartAsync(new StartRequest(NegotiationWorkflows.Registry, RegistrySteps.Key, new JsonObject()), actor, cancellationToken);
            // Another change started it at the same moment: take that one.
            instance = started.Applied ? started.Instance : await engine.FindAsync(NegotiationWorkflows.Registry, RegistrySteps.Key, cancellationToken);
            if (instance is null)
            {
                return started;
            }
        }

        return await WorkflowCommands.FireOnCurrentVersionAsync(engine, instance.Id, trigger, actor, WorkflowCommands.Clean(payload), cancellationToken);
    }

    /// <summary>The person the step added or changed (the registry's <see cref="RegistrySteps.PersonVariable"/>).</summary>
    public static string? PersonOf(StepResult result) => result?.Instance?.Text(RegistrySteps.PersonVariable);

    /// <summary>
    /// When a status takes effect, as the Secretariat gives it: a date (the start of that day at the seat), local time
    /// at the seat (<c>2026-07-01T09:00</c>) or an instant with an offset; null when it cannot be read.
    /// </summary>
    public static DateTimeOffset? EffectiveFrom(string? text, string seat)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var isDate = DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        return Deadlines.TryParse(isDate ? day.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) : text, seat, out var from, out _) ? from.ToUniversalTime() : null;
    }

    /// <summary>The IANA time zones a person may choose (the system's, with a region), UTC first.</summary>
    public static IReadOnlyList<string> TimeZones { get; } =
        ["UTC", .. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) && !id.StartsWith("Etc/", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
}
