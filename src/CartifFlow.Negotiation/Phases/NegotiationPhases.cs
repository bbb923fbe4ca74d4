namespace CartifFlow.Negotiation.Phases;

/// <summary>The phases of the 2026 roadmap as the negotiation workflow's states, with their names.</summary>
public static class NegotiationPhases
{
    /// <summary>A phase as templates show it: <c>{ code, name, nameRu }</c>.</summary>
    public static System.Text.Json.Nodes.JsonObject Model(string code) => new()
    {
        ["code"] = code,
        ["name"] = Name(code),
        ["nameRu"] = NameRu(code),
    };

    /// <summary>The negotiation's workflow.</summary>
    public const string WorkflowId = Workflows.NegotiationWorkflows.Negotiation;

    /// <summary>Phase 1.</summary>
    public const string Preparation = "Preparation";

    /// <summary>Phase 2.</summary>
    public const string ZeroRound = "ZeroRound";

    /// <summary>Phase 3.</summary>
    public const string WorkingGroups = "WorkingGroups";

    /// <summary>Monitoring and ministerial oversight: the report to the Ministerial Conference.</summary>
    public const string MinisterialReview = "MinisterialReview";

    /// <summary>The Conference did not confirm the mandate.</summary>
    public const string MandateWithheld = "MandateWithheld";

    /// <summary>The Conference confirmed the mandate for the next phase: the 2026 roadmap is complete.</summary>
    public const string NextPhaseMandated = "NextPhaseMandated";

    private static readonly Dictionary<string, (string En, string Ru)> Names = new(StringComparer.Ordinal)
    {
        [Preparation] = ("Phase 1 – Preparation and readiness", "Этап 1 – Подготовка и готовность"),
        [ZeroRound] = ("Phase 2 – Zero Round of negotiations", "Этап 2 – Нулевой раунд переговоров"),
        [WorkingGroups] = ("Phase 3 – Working groups and text-based negotiations", "Этап 3 – Рабочие группы и переговоры на основе текста"),
        [MinisterialReview] = ("Report to the CAREC Ministerial Conference", "Доклад Министерской конференции ЦАРЭС"),
        [MandateWithheld] = ("Mandate not confirmed by the Ministerial Conference", "Мандат не подтверждён Министерской конференцией"),
        [NextPhaseMandated] = ("Mandate confirmed for the next phase", "Мандат на следующий этап подтверждён"),
        ["NextRoadmap"] = ("On the next roadmap", "По следующей дорожной карте"),
        ["Concluded"] = ("The negotiation is concluded", "Переговоры завершены"),
    };

    /// <summary>The phase's name in English (the code when unknown).</summary>
    public static string Name(string code) => Names.TryGetValue(code, out var n) ? n.En : code;

    /// <summary>The phase's name in Russian (the code when unknown).</summary>
    public static string NameRu(string code) => Names.TryGetValue(code, out var n) ? n.Ru : code;
}
