using System.Text;
using System.Text.Json.Nodes;
using CartifFlow.Engine.Notifications;
using CartifFlow.Engine.Outbox;

namespace CartifFlow.Infrastructure.Tests.Email;

/// <summary>Outbox messages as the engine writes them for a written procedure of the CARTIF negotiation.</summary>
internal static class EmailTestData
{
    public const string Deadline = "2026-06-10T09:00:00Z";
    public const string SeatTimeZone = "Asia/Manila";

    /// <summary>The repository's templates, copied next to the tests.</summary>
    public static string RepositoryTemplates => Path.Combine(AppContext.BaseDirectory, "templates");

    public static JsonObject Model(string name, string language, string? timeZone, string party = "Kyrgyz Republic", bool calendar = true, string? correlationKey = null)
    {
        var with = new JsonObject { ["seatTimeZone"] = SeatTimeZone };
        if (calendar)
        {
            with["calendar"] = new JsonObject
            {
                ["uid"] = $"wp-2026-014-deadline-{Guid.NewGuid():N}@cartifflow.example.org",
                ["summary"] = "CARTIF written procedure WP-2026-014: responses due",
                ["description"] = "Responses to the draft of Article 7 (Transit procedures) are due.",
                ["start"] = Deadline,
                ["location"] = "CAREC Secretariat, Manila",
            };
        }

        return new JsonObject
        {
            ["workflow"] = "written-procedure",
            ["instanceId"] = Guid.NewGuid().ToString("D"),
            ["correlationKey"] = correlationKey ?? "WP-2026-014",
            ["state"] = "circulated",
            ["trigger"] = "circulate",
            ["actor"] = "secretariat",
            ["at"] = "2026-06-01T03:00:00Z",
            ["variables"] = new JsonObject
            {
                ["title"] = "Draft Article 7 (Transit procedures)",
                ["text"] = "1. Each Party shall allow goods in transit to cross its territory without unnecessary delay.\n2. Fees for transit shall be limited to the cost of the services rendered.",
                ["deadline"] = Deadline,
            },
            ["payload"] = new JsonObject(),
            ["with"] = with,
            ["recipient"] = new JsonObject
            {
                ["name"] = name,
                ["language"] = language,
                ["timeZone"] = timeZone,
                ["party"] = "KGZ",
                ["partyName"] = party,
                ["role"] = "focal-point",
                ["copy"] = "to",
            },
        };
    }

    public static OutboxMessage Message(
        string template, string language, JsonObject model,
        IReadOnlyList<MailAddress>? to = null, IReadOnlyList<MailAddress>? cc = null, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), Guid.NewGuid(), template, language, model["recipient"]?["timeZone"]?.GetValue<string>(),
            to ?? [new MailAddress("focal.point@kg.example.org", "Focal Point")], cc ?? [], model, 1);

    public static OutboxMessage Circulated(string language = "en", string? timeZone = "Europe/Moscow", string name = "Aigerim Bekova") =>
        Message("circulated", language, Model(name, language, timeZone));
}

/// <summary>A throw-away template folder.</summary>
internal sealed class TemplateFolder : IDisposable
{
    public TemplateFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "cartifflow-templates-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public TemplateFolder With(string fileName, string content)
    {
        File.WriteAllText(System.IO.Path.Combine(Path, fileName), content, new UTF8Encoding(false));
        return this;
    }

    /// <summary>Subject and text (and optionally HTML) of one template in one language.</summary>
    public TemplateFolder WithSet(string name, string language, string subject, string text, string? html = null)
    {
        With($"{name}.{language}.subject.liquid", subject);
        With($"{name}.{language}.text.liquid", text);
        return html is null ? this : With($"{name}.{language}.html.liquid", html);
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
