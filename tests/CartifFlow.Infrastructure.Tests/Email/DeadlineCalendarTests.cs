using System.Text;
using System.Text.Json.Nodes;
using CartifFlow.Infrastructure.Email;
using Ical.Net.DataTypes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace CartifFlow.Infrastructure.Tests.Email;

public sealed class DeadlineCalendarTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 3, 0, 5, TimeSpan.Zero);

    private static JsonObject ModelWithCalendar(Action<JsonObject>? change = null)
    {
        var model = EmailTestData.Model("Aigerim", "en", "Asia/Bishkek");
        change?.Invoke(model["with"]!["calendar"]!.AsObject());
        return model;
    }

    internal static Ical.Net.Calendar Parse(MessageAttachment attachment) =>
        Ical.Net.Calendar.Load(Encoding.UTF8.GetString(attachment.Content.Span))
            ?? throw new InvalidOperationException("not an iCalendar file");

    [Fact]
    public void FromModel_WithCalendar_BuildsOneEventInUtcWithAReminderADayBefore()
    {
        var model = ModelWithCalendar();
        var uid = model["with"]!["calendar"]!["uid"]!.GetValue<string>();

        var attachment = DeadlineCalendar.FromModel(model, Now)!;

        Assert.Equal("deadline.ics", attachment.FileName);
        Assert.Equal("text/calendar; method=PUBLISH; charset=utf-8", attachment.ContentType);
        var calendar = Parse(attachment);
        Assert.Equal("PUBLISH", calendar.Method);
        var deadline = Assert.Single(calendar.Events);
        Assert.Equal(uid, deadline.Uid);
        Assert.Equal("CARTIF written procedure WP-2026-014: responses due", deadline.Summary);
        Assert.Equal("Responses to the draft of Article 7 (Transit procedures) are due.", deadline.Description);
        Assert.Equal("CAREC Secretariat, Manila", deadline.Location);
        Assert.True(deadline.DtStart!.IsUtc);
        Assert.Equal(new DateTime(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc), deadline.DtStart.AsUtc);
        Assert.Equal(new DateTime(2026, 6, 10, 9, 30, 0, DateTimeKind.Utc), deadline.DtEnd!.AsUtc);
        Assert.Equal(Now.UtcDateTime, deadline.DtStamp!.AsUtc);
        var alarm = Assert.Single(deadline.Alarms);
        Assert.Equal("DISPLAY", alarm.Action);
        Assert.Equal(Duration.FromDays(-1), alarm.Trigger!.Duration);
    }

    [Fact]
    public void FromModel_ALaterMessageAboutTheSameEntry_CarriesAHigherSequence_SoCalendarsReplaceIt()
    {
        var circulated = ModelWithCalendar();
        circulated["at"] = new DateTimeOffset(2026, 6, 1, 3, 0, 0, TimeSpan.Zero);
        var extended = ModelWithCalendar(c => c["start"] = "2026-06-20T09:00:00Z");
        extended["at"] = new DateTimeOffset(2026, 6, 8, 10, 30, 0, TimeSpan.Zero);

        var first = Assert.Single(Parse(DeadlineCalendar.FromModel(circulated, Now)!).Events);
        var second = Assert.Single(Parse(DeadlineCalendar.FromModel(extended, Now.AddDays(9))!).Events);
        var retried = Assert.Single(Parse(DeadlineCalendar.FromModel(circulated, Now.AddDays(10))!).Events);

        Assert.True(second.Sequence > first.Sequence, $"{second.Sequence} after {first.Sequence}");
        Assert.True(first.Sequence > 0);
        Assert.Equal(first.Sequence, retried.Sequence); // a retry of the first message does not overtake the extension
    }

    [Fact]
    public void FromModel_FileName_NamesTheAttachment()
    {
        var model = ModelWithCalendar(c => c["fileName"] = "invitation.ics");

        var attachment = DeadlineCalendar.FromModel(model, Now)!;

        Assert.Equal("invitation.ics", attachment.FileName);
    }

    [Theory]
    [InlineData("../invitation.ics")]
    [InlineData("invitation.exe")]
    public void FromModel_UnsafeFileName_ThrowsMessageRenderingException(string fileName)
    {
        var model = ModelWithCalendar(c => c["fileName"] = fileName);

        Assert.Throws<MessageRenderingException>(() => DeadlineCalendar.FromModel(model, Now));
    }

    [Fact]
    public void FromModel_DurationAndNoLocation_UsesThem()
    {
        var model = ModelWithCalendar(c =>
        {
            c["durationMinutes"] = 90;
            c.Remove("location");
        });

        var deadline = Assert.Single(Parse(DeadlineCalendar.FromModel(model, Now)!).Events);

        Assert.Equal(new DateTime(2026, 6, 10, 10, 30, 0, DateTimeKind.Utc), deadline.DtEnd!.AsUtc);
        Assert.Null(deadline.Location);
    }

    [Fact]
    public void FromModel_StartWithOffset_IsConvertedToUtc()
    {
        var model = ModelWithCalendar(c => c["start"] = "2026-06-10T17:00:00+08:00");

        var deadline = Assert.Single(Parse(DeadlineCalendar.FromModel(model, Now)!).Events);

        Assert.Equal(new DateTime(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc), deadline.DtStart!.AsUtc);
    }

    [Fact]
    public void FromModel_NoCalendar_ReturnsNull() =>
        Assert.Null(DeadlineCalendar.FromModel(EmailTestData.Model("Aigerim", "en", null, calendar: false), Now));

    [Theory]
    [InlineData("start", "next Tuesday")]
    [InlineData("uid", "")]
    [InlineData("durationMinutes", "thirty")]
    public void FromModel_MalformedCalendar_ThrowsMessageRenderingException(string field, string value)
    {
        var model = ModelWithCalendar(c => c[field] = value);

        Assert.Throws<MessageRenderingException>(() => DeadlineCalendar.FromModel(model, Now));
    }

    [Fact]
    public void MimeMessageFactory_RenderedCalendar_IsAttachedAsTextCalendarPublish()
    {
        var renderer = new LiquidMessageRenderer(EmailTestData.RepositoryTemplates, new FakeTimeProvider(Now));
        var factory = new MimeMessageFactory(renderer, Options.Create(new EmailOptions()), new FakeTimeProvider(Now));
        var message = EmailTestData.Circulated("ru", "Europe/Moscow", "Иван Петров");

        var mime = factory.Create(message);

        var attachment = Assert.Single(mime.Attachments.OfType<MimePart>());
        Assert.Equal("deadline.ics", attachment.FileName);
        Assert.Equal("text/calendar", attachment.ContentType.MimeType);
        Assert.Equal("PUBLISH", attachment.ContentType.Parameters["method"]);
        Assert.Equal("ru", mime.Headers[HeaderId.ContentLanguage]);
        Assert.Equal($"{message.Id:N}@cartifflow.example.org", mime.MessageId);
        Assert.Equal(Now, mime.Date);
        using var content = new MemoryStream();
        attachment.Content!.DecodeTo(content);
        var calendar = Ical.Net.Calendar.Load(Encoding.UTF8.GetString(content.ToArray()))!;
        Assert.Equal(new DateTime(2026, 6, 10, 9, 0, 0, DateTimeKind.Utc), Assert.Single(calendar.Events).DtStart!.AsUtc);
    }

    [Fact]
    public void MimeMessageFactory_FallbackToEnglish_SaysContentLanguageEnglish()
    {
        var renderer = new LiquidMessageRenderer(EmailTestData.RepositoryTemplates, new FakeTimeProvider(Now));
        var factory = new MimeMessageFactory(renderer, Options.Create(new EmailOptions()), new FakeTimeProvider(Now));

        var mime = factory.Create(EmailTestData.Circulated("uz", "Asia/Tashkent", "Dilshod Karimov"));

        Assert.Equal("en", mime.Headers[HeaderId.ContentLanguage]);
        Assert.StartsWith("Written procedure", mime.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void MimeMessageFactory_FactsRenderer_StillBuildsAMessageWithoutAttachments()
    {
        var factory = new MimeMessageFactory(new FactsMessageRenderer(), Options.Create(new EmailOptions()), new FakeTimeProvider(Now));

        var mime = factory.Create(EmailTestData.Circulated());

        Assert.Empty(mime.Attachments);
        Assert.Equal("en", mime.Headers[HeaderId.ContentLanguage]);
        Assert.Contains("WP-2026-014", mime.Subject, StringComparison.Ordinal);
    }
}
