using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CartifFlow.Engine.Definitions;
using CartifFlow.Engine.Runtime;
using CartifFlow.Negotiation.Workflows;
using Microsoft.EntityFrameworkCore;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CartifFlow.Negotiation.Phases;

/// <summary>
/// A phase of a roadmap loaded after the first (e.g. <c>workflows/registry/roadmap-2027.yaml</c>): data, not a state of
/// <c>negotiation.yaml</c>. The negotiation enters the loaded roadmap's phases in order, each on an approved stage
/// transition, in its state <c>NextRoadmap</c>.
/// </summary>
public sealed class RoadmapPhase
{
    /// <summary>The phase's code, e.g. <c>TextBasedNegotiations</c>: unique across every roadmap.</summary>
    public required string Code { get; set; }

    /// <summary>The roadmap it belongs to, e.g. <c>2027</c>.</summary>
    public required string Roadmap { get; set; }

    /// <summary>Order in its roadmap, from 1.</summary>
    public int Order { get; set; }

    /// <summary>Its name in English.</summary>
    public required string Title { get; set; }

    /// <summary>In Russian.</summary>
    public required string TitleRu { get; set; }

    /// <summary>The planned first day.</summary>
    public DateOnly? StartsOn { get; set; }

    /// <summary>The planned last day.</summary>
    public DateOnly? EndsOn { get; set; }

    /// <summary>What happens in it.</summary>
    public string? Description { get; set; }

    /// <summary>When the Secretariat loaded the roadmap.</summary>
    public DateTimeOffset LoadedAt { get; set; }
}

/// <summary>A roadmap read from its file, checked, ready to store.</summary>
/// <param name="Name">The roadmap's name, e.g. <c>2027</c>.</param>
/// <param name="Title">Its title.</param>
/// <param name="Phases">Its phases in order.</param>
/// <param name="Milestones">Its milestones in order (their <see cref="RoadmapMilestone.Roadmap"/> set).</param>
public sealed record NextRoadmapPlan(string Name, string Title, IReadOnlyList<RoadmapPhase> Phases, IReadOnlyList<RoadmapMilestone> Milestones);

/// <summary>A fault of a roadmap file: where (file and line), what (a code with its arguments, for the reader's language), and the message in English.</summary>
/// <param name="File">The file's name.</param>
/// <param name="Line">The line, from 1.</param>
/// <param name="Code">What is wrong (e.g. <c>phase-code-used</c>): the pages say it in the reader's language.</param>
/// <param name="Message">The message in English.</param>
/// <param name="Arguments">The values the message names, in its order.</param>
public sealed record RoadmapFault(string File, int Line, string Code, string Message, IReadOnlyList<string> Arguments)
{
    /// <summary><c>file:line: message</c>, in English.</summary>
    public override string ToString() => $"{File}:{Line.ToString(CultureInfo.InvariantCulture)}: {Message}";
}

/// <summary>
/// Reads a next roadmap's YAML (the format of <c>workflows/registry/roadmap-2027.yaml</c>) and says every fault as
/// <c>file:line: message</c>. Codes already used (the 2026 phases, phases and milestones of roadmaps loaded before)
/// are refused.
/// </summary>
public static partial class NextRoadmapFile
{
    private static readonly string[] TopKeys = ["roadmap", "title", "title-ru", "phases", "milestones"];
    private static readonly string[] PhaseKeys = ["code", "title", "title-ru", "from", "until", "description"];
    private static readonly string[] MilestoneKeys = ["code", "phase", "kind", "document-kind", "title", "title-ru", "date", "window", "format", "place", "time-zone", "alongside", "note"];
    private static readonly string[] Formats = ["in-person", "online", "hybrid"];

    /// <summary>The states of <c>negotiation.yaml</c>: no loaded phase may take their names.</summary>
    public static readonly IReadOnlySet<string> WorkflowPhases = new HashSet<string>(StringComparer.Ordinal)
    {
        NegotiationPhases.Preparation, NegotiationPhases.ZeroRound, NegotiationPhases.WorkingGroups, NegotiationPhases.MinisterialReview,
        NegotiationPhases.MandateWithheld, NegotiationPhases.NextPhaseMandated, "NextRoadmap", "Concluded", "Underway", "ZeroRoundPlanned", "ZeroRoundConvened", "ZeroRoundHeld", "Ongoing",
    };

    /// <summary>Reads <paramref name="yaml"/> (named <paramref name="file"/> in the messages); the plan, or the faults.</summary>
    public static (NextRoadmapPlan? Plan, IReadOnlyList<RoadmapFault> Errors) Read(string file, string yaml, IReadOnlySet<string> usedPhaseCodes, IReadOnlySet<string> usedMilestoneCodes, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(usedPhaseCodes);
        ArgumentNullException.ThrowIfNull(usedMilestoneCodes);
        var errors = new List<RoadmapFault>();
        void Fail(YamlNode? node, string code, string message, params string[] arguments) =>
            errors.Add(new RoadmapFault(file, node is null ? 1 : (int)node.Start.Line, code, message, arguments));

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml ?? string.Empty));
        }
        catch (YamlException ex)
        {
            var detail = (ex.InnerException?.Message ?? ex.Message).TrimEnd('.');
            errors.Add(new RoadmapFault(file, (int)ex.Start.Line, "not-yaml", $"not YAML: {detail}", [detail]));
            return (null, errors);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new RoadmapFault(file, 1, "not-a-roadmap", "a roadmap is a mapping with roadmap, title, phases and milestones", []));
            return (null, errors);
        }

        Keys(root, TopKeys, "roadmap", "the roadmap", Fail);
        var name = Text(root, "roadmap", Fail, required: true, max: 20);
        var title = Text(root, "title", Fail, required: true, max: 500);
        var phases = new List<RoadmapPhase>();
        if (root.Children.TryGetValue(new YamlScalarNode("phases"), out var phaseNode) && phaseNode is YamlSequenceNode { Children.Count: > 0 } phaseList)
        {
            foreach (var item in phaseList)
            {
                if (item is not YamlMappingNode p)
                {
                    Fail(item, "phase-not-mapping", "a phase is a mapping with code, title, from and until");
                    continue;
                }

                Keys(p, PhaseKeys, "phase", "a phase", Fail);
                var code = Text(p, "code", Fail, required: true, max: 100);
                if (code is not null && !PhaseCode().IsMatch(code))
                {
                    Fail(Node(p, "code"), "phase-code-invalid", $"phase code '{code}' must be a word in PascalCase (letters and digits, e.g. TextBasedNegotiations)", code);
                }
                else if (code is not null && (WorkflowPhases.Contains(code) || usedPhaseCodes.Contains(code)))
                {
                    Fail(Node(p, "code"), "phase-code-used", $"phase code '{code}' is used already (a phase of the negotiation or of a roadmap loaded before)", code);
                }
                else if (code is not null && phases.Any(x => x.Code == code))
                {
                    Fail(Node(p, "code"), "phase-code-twice", $"phase code '{code}' is used twice", code);
                }

                var from = Date(p, "from", Fail);
                var until = Date(p, "until", Fail);
                if (from is { } f && until is { } u && u < f)
                {
                    Fail(Node(p, "until"), "phase-ends-before-start", $"the phase ends ({u:yyyy-MM-dd}) before it starts ({f:yyyy-MM-dd})", u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                if (from is { } start && phases.LastOrDefault()?.StartsOn is { } previous && start < previous)
                {
                    Fail(Node(p, "from"), "phases-out-of-order", "phases are listed in order: this one starts before the one above it");
                }

                var phaseTitle = Text(p, "title", Fail, required: true, max: 500);
                phases.Add(new RoadmapPhase
                {
                    Code = code ?? string.Empty,
                    Roadmap = name ?? string.Empty,
                    Order = phases.Count + 1,
                    Title = phaseTitle ?? string.Empty,
                    TitleRu = Text(p, "title-ru", Fail, required: false, max: 500) ?? phaseTitle ?? string.Empty,
                    StartsOn = from,
                    EndsOn = until,
                    Description = Text(p, "description", Fail, required: false, max: 2000),
                    LoadedAt = now,
                });
            }
        }
        else
        {
            Fail(phaseNode ?? root, "phases-required", "the roadmap needs its phases: a list of at least one phase");
        }

        var milestones = new List<RoadmapMilestone>();
        if (root.Children.TryGetValue(new YamlScalarNode("milestones"), out var milestoneNode))
        {
            if (milestoneNode is not YamlSequenceNode milestoneList)
            {
                Fail(milestoneNode, "milestones-not-list", "milestones is a list");
                milestoneList = new YamlSequenceNode();
            }

            foreach (var item in milestoneList)
            {
                if (item is not YamlMappingNode m)
                {
                    Fail(item, "milestone-not-mapping", "a milestone is a mapping with code, phase, kind and title");
                    continue;
                }

                Keys(m, MilestoneKeys, "milestone", "a milestone", Fail);
                var code = Text(m, "code", Fail, required: true, max: 100);
                if (code is not null && (usedMilestoneCodes.Contains(code) || milestones.Any(x => x.Code == code)))
                {
                    Fail(Node(m, "code"), "milestone-code-used", $"milestone code '{code}' is used already", code);
                }

                var phase = Text(m, "phase", Fail, required: true, max: 100);
                if (phase is not null && phase != "Ongoing" && !phases.Any(x => x.Code == phase))
                {
                    var known = string.Join(", ", phases.Select(x => x.Code).Append("Ongoing"));
                    Fail(Node(m, "phase"), "milestone-phase-unknown", $"unknown phase '{phase}' (one of the roadmap's phases: {known})", phase, known);
                }

                var kindText = Text(m, "kind", Fail, required: true, max: 50);
                MilestoneKind kind = default;
                if (kindText is not null && (!Enum.TryParse(kindText.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out kind) || !Enum.IsDefined(kind) || kindText.Any(char.IsDigit)))
                {
                    Fail(Node(m, "kind"), "milestone-kind-unknown", $"unknown kind '{kindText}' (one of meeting, document, consultations, working-groups, text-rounds, capacity-building, progress-reports, ministerial-report)", kindText);
                }

                DocumentKind? documentKind = null;
                var documentText = Text(m, "document-kind", Fail, required: false, max: 50);
                if (kind == MilestoneKind.Document)
                {
                    if (documentText is not null && Enum.TryParse<DocumentKind>(documentText.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var d) && Enum.IsDefined(d) && !documentText.Any(char.IsDigit))
                    {
                        documentKind = d;
                    }
                    else
                    {
                        Fail(Node(m, "document-kind") ?? Node(m, "kind"), "document-kind-required", "a document milestone needs document-kind (modalities, zero-draft, terms-of-reference or other)");
                    }
                }

                var format = Text(m, "format", Fail, required: false, max: 20);
                if (format is not null && !Formats.Contains(format, StringComparer.Ordinal))
                {
                    Fail(Node(m, "format"), "format-unknown", $"unknown format '{format}' (in-person, online or hybrid)", format);
                }

                var zone = Text(m, "time-zone", Fail, required: false, max: 64);
                if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
                {
                    Fail(Node(m, "time-zone"), "time-zone-unknown", $"unknown time zone '{zone}' (an IANA name such as Asia/Tashkent)", zone);
                }

                var milestoneTitle = Text(m, "title", Fail, required: true, max: 500);
                milestones.Add(new RoadmapMilestone
                {
                    Code = code ?? string.Empty,
                    Roadmap = name,
                    Phase = phase ?? string.Empty,
                    Title = milestoneTitle ?? string.Empty,
                    TitleRu = Text(m, "title-ru", Fail, required: false, max: 500) ?? milestoneTitle ?? string.Empty,
                    Kind = kind,
                    DocumentKind = documentKind,
                    PlannedOn = Date(m, "date", Fail),
                    Window = Text(m, "window", Fail, required: false, max: 100),
                    Format = format,
                    Place = Text(m, "place", Fail, required: false, max: 200),
                    TimeZone = zone,
                    Alongside = Text(m, "alongside", Fail, required: false, max: 500),
                    Note = Text(m, "note", Fail, required: false, max: 1000),
                });
            }
        }

        return errors.Count > 0 ? (null, errors) : (new NextRoadmapPlan(name!, title!, phases, milestones), errors);
    }

    /// <summary>Reads the roadmap against the codes the database holds already.</summary>
    public static async Task<(NextRoadmapPlan? Plan, IReadOnlyList<RoadmapFault> Errors)> ReadAsync(DbContext db, string file, string yaml, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var phases = (await db.Set<RoadmapPhase>().AsNoTracking().Select(p => p.Code).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var milestones = (await db.Set<RoadmapMilestone>().AsNoTracking().Select(m => m.Code).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        return Read(file, yaml, phases, milestones, now);
    }

    private static YamlNode? Node(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private delegate void Fault(YamlNode? node, string code, string message, params string[] arguments);

    private static void Keys(YamlMappingNode map, string[] allowed, string whatCode, string what, Fault fail)
    {
        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } k } || !allowed.Contains(k, StringComparer.Ordinal))
            {
                var name = (key as YamlScalarNode)?.Value ?? string.Empty;
                fail(key, $"unknown-key-{whatCode}", $"unknown key '{name}' in {what} (allowed: {string.Join(", ", allowed)})", name, string.Join(", ", allowed));
            }
        }
    }

    private static string? Text(YamlMappingNode map, string key, Fault fail, bool required, int max)
    {
        var node = Node(map, key);
        if (node is null || node is YamlScalarNode { Value: null or "" })
        {
            if (required)
            {
                fail(node ?? map, "field-required", $"{key} is required", key);
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            fail(node, "field-not-text", $"{key} is a text, not a list or a mapping", key);
            return null;
        }

        var text = scalar.Value!.Trim();
        if (text.Length > max)
        {
            fail(node, "field-too-long", $"{key} is longer than {max} characters", key, max.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return text;
    }

    private static DateOnly? Date(YamlMappingNode map, string key, Fault fail)
    {
        var node = Node(map, key);
        if (node is not YamlScalarNode { Value: { Length: > 0 } text })
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        fail(node, "date-invalid", $"{key} '{text}' is not a date (yyyy-MM-dd)", key, text);
        return null;
    }

    [GeneratedRegex("^[A-Z][A-Za-z0-9]{1,99}$")]
    private static partial Regex PhaseCode();
}

/// <summary>
/// <c>load-next-roadmap</c>: after the Ministerial Conference confirmed the mandate (or on the last phase of a loaded
/// roadmap), the Secretariat loads the next roadmap from its YAML (<c>roadmap</c>, the text; <c>file</c>, its name
/// for the messages). Its phases and milestones are stored in the step's transaction; the negotiation then enters its
/// first phase (<see cref="EnterRoadmapPhase"/>).
/// </summary>
internal sealed class LoadNextRoadmap : IWorkflowActivity
{
    public string Name => "load-next-roadmap";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var yaml = StepInput.RequiredText(context.Payload, "roadmap", "Give the next roadmap (its YAML).", code: "roadmap-required", 200_000);
        var file = StepInput.Text(context.Payload, "file", 200) ?? "roadmap";
        if (Codes(context.Variables["roadmapPhases"]) is { Count: > 0 } loaded && StepInput.Variable(context, "phase") != loaded[^1])
        {
            throw new StepRejectedException($"The negotiation is in {StepInput.Variable(context, "phase")}: the next roadmap is loaded on the last phase of this one ({loaded[^1]}).", null, StepOutcome.NotPermitted) { Code = "roadmap-not-finished", Arguments = [loaded[^1]] };
        }

        var (plan, errors) = await NextRoadmapFile.ReadAsync(context.Db, file, yaml, context.Now, context.CancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            throw new StepRejectedException(string.Join("\n", errors), "roadmap") { Code = "roadmap-invalid", Arguments = [string.Join("\n", errors)] };
        }

        var order = await context.Db.Set<RoadmapMilestone>().AsNoTracking().Select(m => (int?)m.Order).MaxAsync(context.CancellationToken).ConfigureAwait(false) ?? 0;
        foreach (var milestone in plan.Milestones)
        {
            milestone.Order = ++order;
        }

        // Its monitoring (started by the same step) runs until the roadmap's last day ends at the seat; its first
        // report falls due one period after the monitoring running now ends, so that two never ask at once.
        var until = MonitoringUntil(plan, StepInput.SeatTimeZone(context));
        if (until <= context.Now)
        {
            throw new StepRejectedException($"The roadmap ends before today ({until:yyyy-MM-dd}): give its phases' dates in the future.", "roadmap") { Code = "roadmap-ended", Arguments = [until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] };
        }

        var period = IsoDuration.TryParse(StepInput.Variable(context, "reportingPeriod") ?? "P13W", out var p, out _) && p > TimeSpan.Zero ? p : TimeSpan.FromDays(91);
        var monitoring = await context.Db.Set<Engine.Persistence.WorkflowInstanceRecord>().AsNoTracking()
            .Where(i => i.ParentId == context.Instance.Id && i.DefinitionId == NegotiationWorkflows.Monitoring && i.Status == Engine.Persistence.InstanceStatus.Running)
            .Select(i => i.VariablesJson).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var from = monitoring.Select(v => JsonNode.Parse(v)?["until"] is JsonValue u && u.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var end) ? end : context.Now)
            .Append(context.Now).Max();
        context.Variables["roadmapUntil"] = StepInput.Iso(until);
        context.Variables["roadmapFirstReport"] = StepInput.Iso(from + period < until ? from + period : until);

        context.Db.Set<RoadmapPhase>().AddRange(plan.Phases);
        context.Db.Set<RoadmapMilestone>().AddRange(plan.Milestones);
        context.Variables["roadmap"] = plan.Name;
        context.Variables["roadmapTitle"] = plan.Title;
        context.Variables["roadmapPhases"] = new JsonArray([.. plan.Phases.Select(p => (JsonNode)JsonValue.Create(p.Code))]);
        context.Variables["nextPhase"] = null;
    }

    /// <summary>The end of the roadmap's monitoring: 17:00 at the seat on its last day (the latest phase's end or milestone's date), else a year after its first day.</summary>
    internal static DateTimeOffset MonitoringUntil(NextRoadmapPlan plan, string seatZone)
    {
        var last = plan.Phases.Select(x => x.EndsOn).Concat(plan.Milestones.Select(m => m.PlannedOn)).Where(d => d is not null).Max()
            ?? plan.Phases.Select(x => x.StartsOn).Where(d => d is not null).Min()?.AddYears(1)
            ?? DateOnly.FromDateTime(plan.Phases[0].LoadedAt.UtcDateTime).AddYears(1);
        var local = last.ToDateTime(new TimeOnly(17, 0));
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(seatZone, out var z) ? z : TimeZoneInfo.Utc;
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    internal static List<string> Codes(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>()).OfType<string>()] : [];
}

/// <summary><c>enter-roadmap-phase</c>: on entering <c>NextRoadmap</c>, the negotiation is in the loaded roadmap's first phase.</summary>
internal sealed class EnterRoadmapPhase : IWorkflowActivity
{
    public string Name => "enter-roadmap-phase";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var phases = LoadNextRoadmap.Codes(context.Variables["roadmapPhases"]);
        if (phases.Count == 0)
        {
            throw new InvalidOperationException("Load a roadmap (load-next-roadmap) before entering it.");
        }

        context.Variables["phase"] = phases[0];
        RecordPhase.Record(context, phases[0], transitionKey: null);
        return Task.CompletedTask;
    }
}

/// <summary>
/// <c>next-roadmap-phase</c>: proposing a stage transition in a loaded roadmap: <c>nextPhase</c> (set to the current
/// phase just before) moves on to the roadmap's phase after it, which the stage transition's <c>to</c> takes; on the
/// roadmap's last phase there is none.
/// </summary>
internal sealed class NextRoadmapPhase : IWorkflowActivity
{
    public string Name => "next-roadmap-phase";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        var phases = LoadNextRoadmap.Codes(context.Variables["roadmapPhases"]);
        var current = phases.IndexOf(StepInput.Variable(context, "phase") ?? string.Empty);
        if (current < 0 || current == phases.Count - 1)
        {
            throw new StepRejectedException("This is the roadmap's last phase: there is no next phase to propose; load the next roadmap.", null, StepOutcome.NotPermitted) { Code = "roadmap-last-phase" };
        }

        context.Variables["nextPhase"] = phases[current + 1];
        return Task.CompletedTask;
    }
}

/// <summary><c>advance-roadmap-phase</c>: a stage transition in a loaded roadmap ended; approved, the negotiation enters the phase it proposed.</summary>
internal sealed class AdvanceRoadmapPhase : IWorkflowActivity
{
    public string Name => "advance-roadmap-phase";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["lastTransition"] = new JsonObject
        {
            ["key"] = context.Payload["child"]?["key"]?.DeepClone(),
            ["outcome"] = StepInput.ChildState(context),
            ["at"] = StepInput.Iso(context.Now),
        };
        if (StepInput.ChildState(context) == "Approved" && StepInput.ChildVariable(context, "to") is { } to && LoadNextRoadmap.Codes(context.Variables["roadmapPhases"]).Contains(to))
        {
            context.Variables["phase"] = to;
            context.Variables["nextPhase"] = null;
            RecordPhase.Record(context, to, context.Payload["child"]?["key"]?.GetValue<string>());
        }

        return Task.CompletedTask;
    }
}

/// <summary><c>record-conclusion</c>: the Secretariat concludes the negotiation on the last phase of its roadmap, with a statement.</summary>
internal sealed class RecordConclusion : IWorkflowActivity
{
    public string Name => "record-conclusion";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["conclusion"] = new JsonObject
        {
            ["statement"] = StepInput.RequiredText(context.Payload, "statement", "Say how the negotiation concluded.", code: "conclusion-statement-required", 20_000),
            ["by"] = context.Actor.Id,
            ["at"] = StepInput.Iso(context.Now),
        };
        return Task.CompletedTask;
    }
}

/// <summary><c>on-last-roadmap-phase</c>: the negotiation is in the last phase of the roadmap it loaded (so the next one may be loaded).</summary>
internal sealed class OnLastRoadmapPhase : IWorkflowGuard
{
    public string Name => "on-last-roadmap-phase";

    public ValueTask<bool> EvaluateAsync(IStepContext context)
    {
        var phases = LoadNextRoadmap.Codes(context.Variables["roadmapPhases"]);
        return ValueTask.FromResult(phases.Count > 0 && StepInput.Variable(context, "phase") == phases[^1]);
    }
}

/// <summary>
/// <c>check-conference-report</c>: in a loaded roadmap the Secretariat reports to the next Ministerial Conference (the
/// payload's <c>conference</c>, by default the one of the year at the seat); one report at a time.
/// </summary>
internal sealed class CheckConferenceReport : IWorkflowActivity
{
    public string Name => "check-conference-report";

    public async Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        if (await context.Db.Set<Engine.Persistence.WorkflowInstanceRecord>().AsNoTracking()
            .AnyAsync(i => i.ParentId == context.Instance.Id && i.DefinitionId == NegotiationWorkflows.MinisterialReport && i.Status == Engine.Persistence.InstanceStatus.Running, context.CancellationToken).ConfigureAwait(false))
        {
            throw new StepRejectedException("A report to the Ministerial Conference is under way: record the Conference's decision on it first.", null, StepOutcome.NotPermitted) { Code = "conference-report-open" };
        }

        var year = StepInput.SeatDay(context, context.Now)[..4];
        context.Payload["conference"] = StepInput.Text(context.Payload, "conference", 200) ?? $"CAREC Ministerial Conference {year}";
    }
}

/// <summary><c>record-conference-decision</c>: a report to a Ministerial Conference made in a loaded roadmap was decided; the negotiation keeps the outcome and stays in its phase.</summary>
internal sealed class RecordConferenceDecision : IWorkflowActivity
{
    public string Name => "record-conference-decision";

    public Task ExecuteAsync(IStepContext context, IStepEffects effects)
    {
        context.Variables["conferenceDecision"] = new JsonObject
        {
            ["key"] = context.Payload["child"]?["key"]?.DeepClone(),
            ["outcome"] = StepInput.ChildState(context),
            ["at"] = StepInput.Iso(context.Now),
        };
        return Task.CompletedTask;
    }
}
