using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Email;
using Microsoft.Extensions.Time.Testing;

namespace CartifFlow.Infrastructure.Tests.Email;

public sealed class LiquidMessageRendererTests : IDisposable
{
    private readonly TemplateFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 3, 0, 5, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    private LiquidMessageRenderer Renderer(string? folder = null) => new(folder ?? _folder.Path, _time);

    private RenderedMessage RenderText(string text, string language = "en", string? timeZone = "Asia/Manila", JsonObject? model = null)
    {
        _folder.WithSet("probe", language, "Probe", text);
        return Renderer().Render(EmailTestData.Message("probe", language, model ?? EmailTestData.Model("Ivan Petrov", language, timeZone, calendar: false)));
    }

    [Fact]
    public void Render_ReaderLanguageHasTemplates_UsesThem()
    {
        _folder.WithSet("circulated", "en", "Written procedure {{ correlationKey }}", "Dear {{ recipient.name }},")
            .WithSet("circulated", "ru", "Письменная процедура {{ correlationKey }}", "Уважаемый {{ recipient.name }}!");

        var rendered = Renderer().Render(EmailTestData.Message("circulated", "ru", EmailTestData.Model("Иван Петров", "ru", "Europe/Moscow")));

        Assert.Equal("Письменная процедура WP-2026-014", rendered.Subject);
        Assert.Equal("Уважаемый Иван Петров!", rendered.TextBody);
        Assert.Equal("ru", rendered.Language);
    }

    [Theory]
    [InlineData("Asia/Baku", "2026-06-09")] // 21:30 on the 9th there
    [InlineData("Asia/Manila", "2026-06-10")] // 01:30 on the 10th at the seat
    [InlineData(null, "2026-06-10")] // no zone known for the reader: the seat's date
    public void Render_TheSubjectsDate_IsTheReadersDate(string? zone, string date)
    {
        var model = EmailTestData.Model("Aigerim", "en", zone);
        model["variables"]!["deadline"] = "2026-06-09T17:30:00Z";

        var rendered = Renderer(EmailTestData.RepositoryTemplates).Render(EmailTestData.Message("circulated", "en", model));

        Assert.EndsWith($"(responses by {date})", rendered.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReaderLanguageHasNoTemplates_FallsBackToEnglish()
    {
        _folder.WithSet("circulated", "en", "Written procedure {{ correlationKey }}", "Dear {{ recipient.name }},");

        var rendered = Renderer().Render(EmailTestData.Message("circulated", "kk", EmailTestData.Model("Aigerim", "kk", "Asia/Almaty")));

        Assert.Equal("Written procedure WP-2026-014", rendered.Subject);
        Assert.Equal("en", rendered.Language);
    }

    [Fact]
    public void Render_RegionalLanguage_UsesItsPrimaryLanguage()
    {
        _folder.WithSet("circulated", "en", "English", "English")
            .WithSet("circulated", "ru", "Русский", "Русский");

        var rendered = Renderer().Render(EmailTestData.Message("circulated", "ru-RU", EmailTestData.Model("Иван", "ru-RU", "Europe/Moscow")));

        Assert.Equal("Русский", rendered.Subject);
        Assert.Equal("ru", rendered.Language);
    }

    [Fact]
    public void Render_NoTemplateInReaderLanguageNorEnglish_ThrowsMessageRenderingException()
    {
        _folder.WithSet("circulated", "ru", "Русский", "Русский");

        var ex = Assert.Throws<MessageRenderingException>(() =>
            Renderer().Render(EmailTestData.Message("circulated", "kk", EmailTestData.Model("Aigerim", "kk", "Asia/Almaty"))));

        Assert.Contains("circulated.en.text.liquid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BodyWithoutSubject_ThrowsMessageRenderingException()
    {
        _folder.With("circulated.en.text.liquid", "Body only");

        var ex = Assert.Throws<MessageRenderingException>(() => Renderer().Render(EmailTestData.Circulated()));

        Assert.Contains("no subject", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InvalidLiquid_ThrowsMessageRenderingExceptionNamingTheFile()
    {
        _folder.WithSet("circulated", "en", "Subject", "{% if recipient.name %}never closed");

        var ex = Assert.Throws<MessageRenderingException>(() => Renderer().Render(EmailTestData.Circulated()));

        Assert.Contains("circulated.en.text.liquid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TemplateNameWithPathSeparators_ThrowsMessageRenderingException()
    {
        var message = EmailTestData.Message("../secrets", "en", EmailTestData.Model("Ivan", "en", null));

        Assert.Throws<MessageRenderingException>(() => Renderer().Render(message));
    }

    [Fact]
    public void Render_SubjectOverSeveralLines_IsOneLine()
    {
        _folder.WithSet("circulated", "en", "Written procedure\n  {{ correlationKey }}\n", "Body");

        var rendered = Renderer().Render(EmailTestData.Circulated());

        Assert.Equal("Written procedure WP-2026-014", rendered.Subject);
    }

    [Fact]
    public void Render_HtmlTemplate_HtmlEscapesModelStringsButNotTheText()
    {
        var model = EmailTestData.Model("Ivan", "en", null, calendar: false);
        model["variables"]!["title"] = "Article 7 <Transit> & \"fees\"";
        _folder.WithSet("circulated", "en", "{{ variables.title }}", "{{ variables.title }}", "<h1>{{ variables.title }}</h1>");

        var rendered = Renderer().Render(EmailTestData.Message("circulated", "en", model));

        Assert.Equal("Article 7 <Transit> & \"fees\"", rendered.TextBody);
        Assert.Equal("<h1>Article 7 &lt;Transit&gt; &amp; &quot;fees&quot;</h1>", rendered.HtmlBody);
    }

    [Fact]
    public void Render_WithoutHtmlTemplate_HasTheTextInTheSharedHtmlLayout()
    {
        _folder.WithSet("circulated", "en", "Subject <1>", "Body & more");

        var html = Renderer().Render(EmailTestData.Circulated()).HtmlBody;

        Assert.Contains("<h1 style=\"font-size: 20px;\">Subject &lt;1&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Body &amp; more</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ModelWithNestedObjectsArraysNumbersAndBooleans_RendersThem()
    {
        var model = EmailTestData.Model("Ivan", "en", null, calendar: false);
        model["variables"]!["parties"] = new JsonArray("Kazakhstan", "Mongolia", "Pakistan");
        model["variables"]!["round"] = 3;
        model["variables"]!["share"] = 0.25;
        model["variables"]!["urgent"] = true;
        model["payload"]!["vote"] = new JsonObject { ["party"] = new JsonObject { ["code"] = "MNG" } };

        var rendered = RenderText(
            "{% for party in variables.parties %}{{ party }};{% endfor %} {{ variables.round | plus: 1 }} {{ variables.share }} {% if variables.urgent %}urgent{% endif %} {{ payload.vote.party.code }} {{ variables.parties.size }}",
            model: model);

        Assert.Equal("Kazakhstan;Mongolia;Pakistan; 4 0.25 urgent MNG 3", rendered.TextBody);
    }

    [Fact]
    public void Render_RussianText_IsKeptIntact()
    {
        var rendered = RenderText("Срок: {{ recipient.name }} — «ёжик» ЦАРЭС", language: "ru", model: EmailTestData.Model("Иван Петров", "ru", "Europe/Moscow"));

        Assert.Equal("Срок: Иван Петров — «ёжик» ЦАРЭС", rendered.TextBody);
    }

    [Fact]
    public void Render_TemplateChangedAfterFirstUse_KeepsTheParsedTemplate()
    {
        _folder.WithSet("circulated", "en", "First", "First");
        var renderer = Renderer();
        renderer.Render(EmailTestData.Circulated());

        _folder.WithSet("circulated", "en", "Second", "Second");

        Assert.Equal("First", renderer.Render(EmailTestData.Circulated()).Subject);
    }

    [Fact]
    public async Task Render_ManyThreadsAtOnce_EachGetsItsOwnModel()
    {
        _folder.WithSet("circulated", "en", "{% assign who = recipient.name %}{{ who }}", "{% increment n %} {{ recipient.name }}");
        var renderer = Renderer();

        var names = Enumerable.Range(0, 200).Select(i => $"Reader {i}").ToList();
        var rendered = await Task.WhenAll(names.Select(name => Task.Run(() =>
            renderer.Render(EmailTestData.Message("circulated", "en", EmailTestData.Model(name, "en", null, calendar: false))))));

        Assert.Equal(names, rendered.Select(r => r.Subject));
        Assert.All(rendered.Zip(names), p => Assert.Equal($"0 {p.Second}", p.First.TextBody));
    }

    [Theory]
    [InlineData("Asia/Manila", "2026-06-10 17:00 (UTC+08:00, Asia/Manila)")]
    [InlineData("Europe/Moscow", "2026-06-10 12:00 (UTC+03:00, Europe/Moscow)")]
    [InlineData("Asia/Bishkek", "2026-06-10 15:00 (UTC+06:00, Asia/Bishkek)")]
    [InlineData("America/New_York", "2026-06-10 05:00 (UTC-04:00, America/New_York)")]
    public void InZone_KnownZone_FormatsLocalTimeWithOffsetAndZone(string zone, string expected)
    {
        var rendered = RenderText("{{ variables.deadline | in_zone: recipient.timeZone }}", timeZone: zone);

        Assert.Equal(expected, rendered.TextBody);
    }

    [Fact]
    public void InZone_UnknownZone_FallsBackToUtcAndSaysSo()
    {
        var rendered = RenderText("{{ variables.deadline | in_zone: recipient.timeZone }}", timeZone: "Mars/Olympus_Mons");

        Assert.Equal("2026-06-10 09:00 (UTC; time zone \"Mars/Olympus_Mons\" unknown)", rendered.TextBody);
    }

    [Fact]
    public void InZone_NoZone_FallsBackToUtcAndSaysSo()
    {
        var rendered = RenderText("{{ variables.deadline | in_zone: recipient.timeZone }}", timeZone: null);

        Assert.Equal("2026-06-10 09:00 (UTC; no time zone given)", rendered.TextBody);
    }

    [Fact]
    public void InZone_NoZoneInRussianTemplate_SaysSoInRussian()
    {
        var rendered = RenderText("{{ variables.deadline | in_zone }}", language: "ru", model: EmailTestData.Model("Иван", "ru", null));

        Assert.Equal("2026-06-10 09:00 (UTC; часовой пояс не указан)", rendered.TextBody);
    }

    [Fact]
    public void InZone_InputNotAnInstant_ReturnsItUnchanged()
    {
        var rendered = RenderText("{{ recipient.name | in_zone: 'Asia/Manila' }}");

        Assert.Equal("Ivan Petrov", rendered.TextBody);
    }

    [Fact]
    public void DateOnly_InstantNearMidnight_GivesTheDateInTheZone()
    {
        var model = EmailTestData.Model("Ivan", "en", "Asia/Manila", calendar: false);
        model["variables"]!["deadline"] = "2026-06-10T20:00:00Z";

        var rendered = RenderText("{{ variables.deadline | date_only: recipient.timeZone }} {{ variables.deadline | date_only }}", model: model);

        Assert.Equal("2026-06-11 2026-06-10", rendered.TextBody);
    }

    [Fact]
    public void Render_CirculatedInRussian_UsesRussianTemplatesWithBothDeadlineTimes()
    {
        var rendered = Renderer(EmailTestData.RepositoryTemplates).Render(EmailTestData.Circulated("ru", "Europe/Moscow", "Иван Петров"));

        Assert.Equal("Письменная процедура WP-2026-014: Draft Article 7 (Transit procedures) (ответы до 2026-06-10)", rendered.Subject);
        Assert.Equal("ru", rendered.Language);
        Assert.StartsWith("Уважаемый(-ая) Иван Петров!", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 12:00 (UTC+03:00, Europe/Moscow), по вашему времени", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 17:00 (UTC+08:00, Asia/Manila), по времени Секретариата", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("deadline.ics", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ru\">", rendered.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 17:00 (UTC+08:00, Asia/Manila)", rendered.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CirculatedInEnglish_GreetsTheReaderAndGivesBothDeadlineTimes()
    {
        var rendered = Renderer(EmailTestData.RepositoryTemplates).Render(EmailTestData.Circulated("en", "Asia/Bishkek", "Aigerim Bekova"));

        Assert.Equal("Written procedure WP-2026-014: Draft Article 7 (Transit procedures) (responses by 2026-06-10)", rendered.Subject);
        Assert.StartsWith("Dear Aigerim Bekova,", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("Each Party shall allow goods in transit", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 15:00 (UTC+06:00, Asia/Bishkek), your time", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("2026-06-10 17:00 (UTC+08:00, Asia/Manila), time at the Secretariat", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("the focal point or the chief negotiator answers for Kyrgyz Republic in CartifFlow (written procedure WP-2026-014)", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("Under the silence procedure", rendered.TextBody, StringComparison.Ordinal);
        Assert.Contains("goods in transit to cross its territory without unnecessary delay.<br", rendered.HtmlBody, StringComparison.Ordinal);
    }

    /// <summary>Every template set in the repository: (name, language).</summary>
    public static TheoryData<string, string> RepositoryTemplateSets()
    {
        var sets = new TheoryData<string, string>();
        foreach (var file in Directory.EnumerateFiles(EmailTestData.RepositoryTemplates, "*.text.liquid").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileName(file).Split('.');
            sets.Add(parts[0], parts[1]);
        }

        return sets;
    }

    [Theory]
    [MemberData(nameof(RepositoryTemplateSets))]
    public void Render_EveryRepositoryTemplate_ParsesAndRendersInItsLanguage(string name, string language)
    {
        var rendered = Renderer(EmailTestData.RepositoryTemplates).Render(
            EmailTestData.Message(name, language, EmailTestData.Model("Aigerim Bekova", language, "Asia/Bishkek")));

        Assert.Equal(language, rendered.Language);
        Assert.False(string.IsNullOrWhiteSpace(rendered.Subject));
        Assert.False(string.IsNullOrWhiteSpace(rendered.TextBody));
    }

    [Fact]
    public void Render_CirculatedWithoutCalendar_DoesNotMentionTheAttachment()
    {
        var message = EmailTestData.Message("circulated", "en", EmailTestData.Model("Aigerim", "en", "Asia/Bishkek", calendar: false));

        var rendered = Renderer(EmailTestData.RepositoryTemplates).Render(message);

        Assert.DoesNotContain("deadline.ics", rendered.TextBody, StringComparison.Ordinal);
        Assert.Null(rendered.Attachments);
    }
}
