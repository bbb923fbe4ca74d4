using System.Text.Json.Nodes;
using CartifFlow.Engine.Runtime;

namespace CartifFlow.Engine.Notifications;

/// <summary>A mailbox.</summary>
public sealed record MailAddress(string Address, string? Name = null);

/// <summary>One message to write to the outbox: its addressees and the reader's language and time zone.</summary>
public sealed record Envelope(IReadOnlyList<MailAddress> To, IReadOnlyList<MailAddress> Cc, string Language, string? TimeZone, JsonObject? Model = null)
{
    /// <summary>The reader chose a daily digest: a reminder or an information copy to them is held for it (<see cref="Persistence.OutboxStatus.Held"/>).</summary>
    public bool Digest { get; init; }

    /// <summary>An information copy (not addressed to the reader for action).</summary>
    public bool Information { get; init; }
}

/// <summary>
/// Turns recipient groups named in definitions (<c>focal-points</c>, <c>observers</c>) into envelopes.
/// Implemented by the domain, which knows the parties and people.
/// </summary>
public interface IRecipientResolver
{
    /// <summary>The group names definitions may use.</summary>
    IReadOnlySet<string> Groups { get; }

    /// <summary>Resolves the groups for the step in progress; reads only, inside the step's unit of work.</summary>
    Task<IReadOnlyList<Envelope>> ResolveAsync(IStepContext context, IReadOnlyList<string> to, IReadOnlyList<string> cc, IReadOnlyList<string> info);
}

/// <summary>
/// A recipient group a feature registers (<see cref="WorkflowFeatureBuilder.RecipientGroup{TGroup}"/>); the domain's
/// <see cref="IRecipientResolver"/> resolves it, so a group is declared where its feature lives.
/// </summary>
public interface IRecipientGroup
{
    /// <summary>The name definitions use in <c>to:</c>, <c>cc:</c> and <c>info:</c>.</summary>
    string Name { get; }
}

/// <summary>Knows which message templates exist.</summary>
internal interface ITemplateCatalog
{
    /// <summary>Template names (without language and extension).</summary>
    IReadOnlySet<string> Names { get; }
}

/// <summary>Templates are files <c>name.language.ext</c> in a folder (<c>workflows/templates</c>).</summary>
internal sealed class FolderTemplateCatalog : ITemplateCatalog
{
    /// <summary>Reads the folder's file names once.</summary>
    public FolderTemplateCatalog(string folder)
    {
        Folder = folder;
        Names = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(Path.GetFileName).Select(f => f!.Split('.')[0]).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>The folder.</summary>
    public string Folder { get; }

    /// <inheritdoc />
    public IReadOnlySet<string> Names { get; }
}

/// <summary>
/// Puts reminders into each reader's working day. A reminder is a message written by a step that a <c>before</c>
/// timer fired (an offset before a deadline or a meeting): its timer is planned at the earliest time any reader may
/// need it, and each reader's message waits in the outbox until that reader's own time. Optional: without an
/// implementation, reminders go out when their offsets fall. The definitions' offsets are unchanged either way.
/// </summary>
public interface IReminderCalendar
{
    /// <summary>The calendars as the step in progress sees them (read inside its unit of work).</summary>
    Task<IReminderSchedule> ForStepAsync(IStepContext context);
}

/// <summary>When reminders due at an instant go out.</summary>
public interface IReminderSchedule
{
    /// <summary>The earliest time a reminder due at <paramref name="due"/> goes to anyone (never later than <paramref name="due"/>).</summary>
    DateTimeOffset Earliest(DateTimeOffset due);

    /// <summary>When the reminder due at <paramref name="due"/> goes to the reader of <paramref name="envelope"/> (never later than <paramref name="due"/>).</summary>
    DateTimeOffset For(DateTimeOffset due, Envelope envelope);
}
