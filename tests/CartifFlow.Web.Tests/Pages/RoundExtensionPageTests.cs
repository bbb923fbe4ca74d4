using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Web.Tests.Support;
using CartifFlow.Web.Tests.WorkingGroups;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>
/// The round's page (<c>/rounds/{key}</c>) while the round takes comments: the Secretariat's form to extend the
/// deadline, its errors at their fields in the reader's language, the notice once done; the deadline's review with the
/// member parties' calendars for every reader of the round.
/// </summary>
[Collection(HostTestGroup.Name)]
public sealed partial class RoundExtensionPageTests
{
    private static readonly DateTimeOffset May = new(2026, 5, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheSecretariatExtendsTheDeadlineOnTheRoundsPage_ErrorsAtTheirFieldsInItsLanguage_ThenTheNotice_AndEveryReaderSeesTheReview()
    {
        await using var d = await NegotiationDriver.StartAsync(May);
        var (round, first) = await RoundExtensionTests.OpenRoundAsync(d, TimeSpan.FromDays(3));
        var page = $"/rounds/{round}";
        var extend = page + "?handler=extend";
        using var secretariat = await PageSession.SignInAsync(d.P.Host, "secretariat");
        using var mongolia = await PageSession.SignInAsync(d.P.Host, "fp-mon");

        var shown = await (await secretariat.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"extend-deadline\"", shown, StringComparison.Ordinal);
        Assert.Contains("id=\"deadline-review\"", shown, StringComparison.Ordinal);
        var member = await (await mongolia.GetAsync(page)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"extend-deadline\"", member, StringComparison.Ordinal);
        Assert.Contains("id=\"deadline-review\"", member, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await mongolia.PostFormAsync(extend, new() { ["ExtendDeadline"] = "2026-07-06T15:00" })).StatusCode);

        // In English: no deadline.
        var empty = await secretariat.PostFormAsync(extend, new() { ["ExtendDeadline"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.StartsWith("'deadline' is required", ErrorAt(await empty.Content.ReadAsStringAsync(), "extend-deadline"), StringComparison.Ordinal);

        // In Russian: an earlier deadline; too long a reason (what was typed stays in the form).
        await secretariat.PostFormAsync("/language", new() { ["lang"] = "ru", ["returnUrl"] = "/" });
        var earlier = await secretariat.PostFormAsync(extend, new() { ["ExtendDeadline"] = Seat(first.AddDays(-1)) });
        Assert.Equal(HttpStatusCode.BadRequest, earlier.StatusCode);
        Assert.Equal("Новый срок должен быть позже текущего и в будущем.", ErrorAt(await earlier.Content.ReadAsStringAsync(), "extend-deadline"));
        var tooLong = await secretariat.PostFormAsync(extend, new() { ["ExtendDeadline"] = "2026-07-06T15:00", ["ExtendReason"] = new string('r', 2_001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var tooLongHtml = await tooLong.Content.ReadAsStringAsync();
        Assert.Equal("Причина — не более 2000 символов.", ErrorAt(tooLongHtml, "extend-reason"));
        Assert.Contains("value=\"2026-07-06T15:00\"", tooLongHtml, StringComparison.Ordinal);
        Assert.Equal(first, (await d.GetAsync($"/api/rounds/{round}"))["deadline"]!["utc"]!.GetValue<DateTimeOffset>());

        // Monday 6 July, 15:00 in Manila: the Capital Day in Kazakhstan (12:00 in Almaty).
        var done = await secretariat.PostFormAsync(extend, new() { ["ExtendDeadline"] = "2026-07-06T15:00", ["ExtendReason"] = "Two capitals asked for time." });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/rounds/{round}?done=extend", done.Headers.Location!.OriginalString);
        var after = await (await secretariat.GetAsync(done.Headers.Location.OriginalString)).Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"notice\" role=\"status\">Срок продлён; члены группы уведомлены.</p>", after, StringComparison.Ordinal);
        Assert.Contains("2026-07-06 12:00 (Asia/Almaty): День столицы", Review(after), StringComparison.Ordinal);
        Assert.Contains("2026-07-06 12:00 (Asia/Almaty): Capital Day", Review(await (await mongolia.GetAsync(page)).Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 7, 6, 7, 0, 0, TimeSpan.Zero), (await d.GetAsync($"/api/rounds/{round}"))["deadline"]!["utc"]!.GetValue<DateTimeOffset>());
    }

    /// <summary>An instant as the form takes it: local time at the seat (Manila).</summary>
    private static string Seat(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById("Asia/Manila")).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The deadline's review on the page (its section), decoded.</summary>
    private static string Review(string html)
    {
        var section = Regex.Match(html, "<section id=\"deadline-review\">.*?</section>", RegexOptions.Singleline);
        Assert.True(section.Success, "the page shows no review of the deadline");
        return System.Net.WebUtility.HtmlDecode(section.Value);
    }

    /// <summary>The message shown at a field (<c>id="{field}-error"</c>).</summary>
    private static string ErrorAt(string html, string field)
    {
        var error = Regex.Match(html, $"<p id=\"{Regex.Escape(field)}-error\" class=\"error\" role=\"alert\">([^<]*)</p>");
        Assert.True(error.Success, $"no error at {field}; errors shown: {string.Join(" | ", ErrorShown().Matches(html).Select(m => m.Value))}");
        return System.Net.WebUtility.HtmlDecode(error.Groups[1].Value);
    }

    [GeneratedRegex("<p id=\"[^\"]*\" class=\"error\"[^>]*>[^<]*</p>")]
    private static partial Regex ErrorShown();
}
