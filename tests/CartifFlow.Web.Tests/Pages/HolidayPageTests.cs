using System.Net;
using System.Text.RegularExpressions;
using CartifFlow.Infrastructure.Persistence;
using CartifFlow.Negotiation.Calendars;
using CartifFlow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CartifFlow.Web.Tests.Pages;

/// <summary>The Secretariat keeps the parties' holidays at <c>/calendars</c> (issue 29): list, add, remove, each change recorded.</summary>
[Collection(HostTestGroup.Name)]
public sealed partial class HolidayPageTests
{
    [Fact]
    public async Task TheSecretariat_ListsAddsAndRemovesAPartysHolidays_EachChangeRecorded_AndTheDeadlineReviewSeesThem()
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        using var page = await PageSession.SignInAsync(d.Host, "secretariat");

        var shipped = await HtmlAsync(page, "/calendars?party=KAZ&year=2026");
        Assert.Contains("2026-03-23", shipped, StringComparison.Ordinal); // Nauryz, from workflows/registry/holidays-2026.yaml
        Assert.Contains("Nauryz", shipped, StringComparison.Ordinal);

        var added = await page.PostFormAsync("/calendars?handler=add&party=KAZ&year=2026", new() { ["Date"] = "2026-06-08", ["Name"] = "Day of the Ministerial Conference", ["NameRu"] = "День министерской конференции" });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var after = await HtmlAsync(page, added.Headers.Location!.OriginalString);
        Assert.Contains("Day of the Ministerial Conference", after, StringComparison.Ordinal);
        Assert.Contains("The holiday was added.", after, StringComparison.Ordinal);

        // The deadline review reads it at once: a deadline that day falls on Kazakhstan's new holiday.
        var review = System.Text.Json.Nodes.JsonNode.Parse(await (await d.PostAsync("secretariat", "/api/calendars/deadline-review", new { deadline = "2026-06-08T15:00" })).Content.ReadAsStringAsync())!;
        Assert.Contains(review["findings"]!.AsArray(), f => f!["party"]!.GetValue<string>() == "KAZ" && f["holiday"]!.GetValue<string>() == "Day of the Ministerial Conference");

        long id;
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            id = (await db.Set<PartyHoliday>().SingleAsync(h => h.PartyCode == "KAZ" && h.Name == "Day of the Ministerial Conference")).Id;
        }

        var removed = await page.PostFormAsync("/calendars?handler=remove&party=KAZ&year=2026", new() { ["Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.DoesNotContain("<td>Day of the Ministerial Conference</td>", await HtmlAsync(page, "/calendars?party=KAZ&year=2026"), StringComparison.Ordinal);
        var again = await page.PostFormAsync("/calendars?handler=remove&party=KAZ&year=2026", new() { ["Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("id=\"remove-error\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            var changes = await db.Set<PartyHolidayChange>().Where(c => c.PartyCode == "KAZ").ToListAsync();
            Assert.Equal([("added", "secretariat"), ("removed", "secretariat")], changes.OrderBy(c => c.Id).Select(c => (c.Change, c.PersonId)));
        }
    }

    [Theory]
    [InlineData("en", "Enter the date as yyyy-MM-dd", "Enter the holiday's name")]
    [InlineData("ru", "Укажите дату в формате гггг-ММ-дд", "Укажите название праздника")]
    public async Task AHolidayWithoutAValidDateOrAName_IsRefusedAtItsFields_InTheReadersLanguage(string language, string dateError, string nameError)
    {
        await using var d = await ProcedureDriver.StartAsync(start: new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        using var page = await PageSession.SignInAsync(d.Host, "secretariat");
        await page.PostFormAsync("/language", new() { ["lang"] = language, ["returnUrl"] = "/calendars" });
        int before;
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            before = await db.Set<PartyHoliday>().CountAsync();
        }

        var refused = await page.PostFormAsync("/calendars?handler=add&party=KAZ&year=2026", new() { ["Date"] = "23.03.2026", ["Name"] = " " });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains(dateError, ErrorAt(html, "date"), StringComparison.Ordinal);
        Assert.Contains(nameError, ErrorAt(html, "name"), StringComparison.Ordinal);
        await using (var db = d.Host.Services.GetRequiredService<ICartifFlowDbContextFactory>().Create())
        {
            Assert.Equal(before, await db.Set<PartyHoliday>().CountAsync());
            Assert.Empty(await db.Set<PartyHolidayChange>().ToListAsync());
        }
    }

    private static async Task<string> HtmlAsync(PageSession page, string url)
    {
        var response = await page.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string ErrorAt(string html, string field)
    {
        var match = Regex.Match(html, $"<p id=\"{field}-error\" class=\"error\" role=\"alert\">([^<]*)</p>");
        Assert.True(match.Success, $"no error at {field}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }
}
